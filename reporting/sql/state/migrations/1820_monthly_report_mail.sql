-- Issue 18: the monthly service report by e-mail. Who subscribed (an account that sees the
-- whole organisation), and one outbox row per organisation, month and subscriber, so each
-- month's report goes to each subscriber once.
CREATE TABLE report_subscriptions (
    user_id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'en')),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, org_id)
);

CREATE TABLE report_outbox (
    message_key TEXT PRIMARY KEY,            -- monthly:<org>:<YYYY-MM>:<user_id>
    org_id TEXT NOT NULL,
    month TEXT NOT NULL,                     -- YYYY-MM
    user_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    lang TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    next_attempt_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    claimed_at TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX report_outbox_state ON report_outbox (state, next_attempt_at);
