"""Inventory flows."""
