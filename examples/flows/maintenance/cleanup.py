"""Temporary-file cleanup: a bare `@prefect.flow`."""

import prefect


@prefect.flow
def cleanup_temp_files(older_than_days: int = 30, dry_run: bool = True) -> int:
    """Delete temporary files older than a number of days.

    Nothing is deleted while `dry_run` is true.
    """
    print(f"would delete files older than {older_than_days} days" if dry_run else "deleting")
    return 0
