"""Example Prefect flows for acme/portal-actions: one module per team, every decorator style."""
