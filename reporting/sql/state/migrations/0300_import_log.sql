-- The import log: who imported what, when, with what result (reporting/ingest/log.py).
CREATE TABLE import_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,    -- UTC, ISO
    actor TEXT NOT NULL,                           -- user_id (app) or OS user (CLI)
    actor_name TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('app', 'cli')),
    org_id TEXT NOT NULL,
    files TEXT NOT NULL,                           -- JSON: [{name, kind, rows_read, rows_rejected, rows_loaded}]
    kinds TEXT NOT NULL,                           -- comma-separated kinds, for display
    mode TEXT NOT NULL CHECK (mode IN ('reject_file', 'load_valid')),
    rows_read INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('loaded', 'partial', 'rejected', 'failed')),
    message TEXT,                                  -- the first problems or the error
    seconds REAL
);
CREATE INDEX import_log_org ON import_log (org_id, at);
