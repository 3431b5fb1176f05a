-- The state store's record of applied migrations (reporting/sql/state/migrations/), one row
-- per migration by name (reporting.core.migrations).
CREATE TABLE IF NOT EXISTS state_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT DEFAULT CURRENT_TIMESTAMP
)
