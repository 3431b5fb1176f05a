-- Issue 18: alert rules, the alerts they fire (once per rule, condition and period), who has
-- read them, and the e-mail outbox that delivers them (states make delivery at most once).
CREATE TABLE alert_rules (
    rule_id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('budget_burn', 'bill_shock', 'roaming', 'incident', 'sla_missed',
                                        'ticket_breach')),
    cost_centre TEXT,                         -- NULL: the whole organisation
    threshold TEXT,                           -- decimal text: %, € or a factor, by kind
    lang TEXT NOT NULL DEFAULT 'fi',          -- the language of its messages
    owner TEXT NOT NULL,                      -- user_id who set it (and receives its alerts)
    owner_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX alert_rules_org ON alert_rules (org_id);

CREATE TABLE alerts (
    alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER NOT NULL REFERENCES alert_rules(rule_id) ON DELETE CASCADE,
    org_id TEXT NOT NULL,
    period TEXT NOT NULL,                     -- the month (YYYY-MM) or day the condition is about
    condition_key TEXT NOT NULL,              -- what it is about: a centre, a subscription, an event
    facts TEXT NOT NULL,                      -- JSON: the figures its message shows
    fired_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (rule_id, period, condition_key)
);
CREATE INDEX alerts_org ON alerts (org_id, fired_at);

CREATE TABLE alert_reads (
    alert_id INTEGER NOT NULL REFERENCES alerts(alert_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    read_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (alert_id, user_id)
);

CREATE TABLE alert_outbox (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alerts(alert_id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,                  -- e-mail address
    lang TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    claimed_at TEXT,
    sent_at TEXT,
    last_error TEXT,
    UNIQUE (alert_id, recipient)
);
CREATE INDEX alert_outbox_state ON alert_outbox (state, next_attempt_at);
