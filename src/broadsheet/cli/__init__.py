"""The `broadsheet` command."""
