"""Housekeeping flows."""
