"""Backfills the daily report: an async flow under an imported alias, with `description=`."""

import asyncio
from datetime import date, timedelta
from typing import Literal, Optional

from prefect import flow as prefect_flow


@prefect_flow(name="sales-backfill", description="Re-runs the daily sales report for a range of days.")
async def backfill(
    start: Optional[date] = None, days: int = 7, mode: Literal["fast", "full"] = "fast"
) -> list[str]:
    """This docstring is not the description: `description=` wins."""
    first = start or date.today() - timedelta(days=days)
    done = []
    for offset in range(days):
        await asyncio.sleep(0)
        done.append((first + timedelta(days=offset)).isoformat())
    print(f"backfilled {len(done)} days in {mode} mode")
    return done
