"""Sales flows."""
