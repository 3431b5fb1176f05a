-- Issue 18: service events that arrive as they happen (the events server's webhook), kept in
-- the state store so that the analytical database is not rewritten for each one. Sources
-- authenticate with a token of their own, stored as its SHA-256 only.
CREATE TABLE event_sources (
    source_id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    name TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE live_events (
    org_id TEXT NOT NULL,
    event_id TEXT NOT NULL,                  -- the source's id (Alertmanager: am-<fingerprint>)
    source_id TEXT NOT NULL REFERENCES event_sources(source_id),
    service_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('operational', 'degraded', 'partial_outage', 'major_outage',
                                           'maintenance')),
    starts_at TEXT NOT NULL,                 -- local time (Europe/Helsinki), ISO
    ends_at TEXT,                            -- NULL while going on
    title TEXT NOT NULL,
    received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (org_id, event_id)
);
CREATE INDEX live_events_org ON live_events (org_id, starts_at);
