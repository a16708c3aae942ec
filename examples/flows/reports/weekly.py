"""Weekly summary: `@flow()` called with no arguments, optional typed parameters."""

from typing import Optional

from prefect import flow


@flow()
def weekly_summary(weeks: int = 1, recipients: Optional[list[str]] = None) -> str:
    """Summarise the last weeks of reports and say who would receive it."""
    who = ", ".join(recipients or ["nobody"])
    return f"{weeks} week(s) for {who}"
