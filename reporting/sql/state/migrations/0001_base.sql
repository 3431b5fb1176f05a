-- The state store's own facts. Each product area adds its tables in its own file
-- (0300_import_log.sql, 0500_docs.sql, 0600_optimisation.sql, 0700_orders.sql, 0800_access.sql).
CREATE TABLE IF NOT EXISTS state_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
