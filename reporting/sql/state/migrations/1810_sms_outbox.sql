-- Issue 18: Saldoviesti messages handed to the operator's SMS gateway over HTTP. One row per
-- message (its key: organisation, month, subscription), so a month is queued once however
-- often the scheduler runs; states make delivery at most once; every attempt is logged.
CREATE TABLE sms_outbox (
    message_key TEXT PRIMARY KEY,            -- saldoviesti:<org>:<YYYY-MM>:<subscription>
    org_id TEXT NOT NULL,
    month TEXT NOT NULL,                     -- YYYY-MM
    subscription_id TEXT NOT NULL,
    phone_number TEXT NOT NULL,              -- E.164
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    next_attempt_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    claimed_at TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX sms_outbox_state ON sms_outbox (state, next_attempt_at);

CREATE TABLE sms_attempts (
    attempt_id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_key TEXT NOT NULL REFERENCES sms_outbox(message_key) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    http_status INTEGER,                     -- NULL: no answer (connection failed)
    result TEXT NOT NULL,                    -- sent, retry, failed, skipped
    detail TEXT
);
