"""Inventory sync: `import prefect as pf`, an async flow with options."""

import asyncio

import prefect as pf


@pf.flow(name="inventory-sync", retries=1)
async def sync_inventory(source: str = "erp", batch_size: int = 500) -> int:
    """Copy inventory records from the source system in batches."""
    await asyncio.sleep(0)
    print(f"synced from {source} in batches of {batch_size}")
    return batch_size
