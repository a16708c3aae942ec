"""Report flows."""
