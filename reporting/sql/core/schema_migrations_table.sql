-- The analytical database's record of applied migrations (reporting/sql/migrations/), one row
-- per migration by name (reporting.core.migrations).
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP DEFAULT current_timestamp
)
