"""Foundation: settings, the DuckDB connection and writes, the state store, named SQL, the report registry, the CLI."""
