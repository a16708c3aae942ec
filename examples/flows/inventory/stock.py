"""Stock flows grouped on a class: a class-method flow (Prefect 3.3.1 or later runs these)."""

from typing import Optional

from prefect.flows import flow


class StockPipelines:
    """Flows that keep warehouse stock levels fresh."""

    @flow(name="stock-refresh")
    @classmethod
    def refresh(cls, warehouse: str = "main", full: bool = False, max_items: Optional[int] = None) -> int:
        """Recount stock in one warehouse."""
        counted = 10 if full else 3
        if max_items is not None:
            counted = min(counted, max_items)
        print(f"{cls.__name__}: counted {counted} items in {warehouse}")
        return counted
