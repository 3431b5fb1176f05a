"""CLI commands, one module each (see reporting/cli.py)."""
