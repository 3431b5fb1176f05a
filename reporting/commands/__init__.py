"""CLI commands, one module each (see reporting/core/cli.py)."""
