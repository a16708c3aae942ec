"""The daily sales report, declared with `@prefect.flow(...)` and a hyphenated name."""

import prefect


@prefect.task
def load_sales(day: str, region: str, limit: int) -> list[dict]:
    return [{"day": day, "region": region, "amount": index} for index in range(min(limit, 3))]


@prefect.flow(name="sales-daily-report")
def daily_report(
    day: str = "2024-01-01",
    regions: list[str] = ["eu", "us"],
    limit: int = 100,
    dry_run: bool = False,
) -> int:
    """Build the daily sales report for each region.

    Rows are loaded per region and counted; nothing is written on a dry run.

    Args:
        day: the day to report on, as YYYY-MM-DD.
        regions: the regions to include.
        limit: at most this many rows per region.
        dry_run: count the rows but write nothing.
    """
    rows = [row for region in regions for row in load_sales(day, region, limit)]
    if not dry_run:
        print(f"{len(rows)} sales rows for {day}")
    return len(rows)
