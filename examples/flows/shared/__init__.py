"""Code shared by the flows; nothing here is a flow."""
