-- Issue 18: alert_rules took its kinds from a CHECK list, and a new kind (data_allowance)
-- needs the table rebuilt (SQLite cannot change a CHECK). The kind is now checked where rules
-- are made (reporting.alerts.rules.KINDS), not in the table. The children are copied and
-- dropped first, so that dropping a parent cascades to nothing; every row and id is kept.
CREATE TABLE alert_rules_new (
    rule_id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- reporting.alerts.rules.KINDS
    cost_centre TEXT,
    threshold TEXT,
    lang TEXT NOT NULL DEFAULT 'fi',
    owner TEXT NOT NULL,
    owner_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO alert_rules_new (rule_id, org_id, kind, cost_centre, threshold, lang, owner, owner_name, created_at, active)
SELECT rule_id, org_id, kind, cost_centre, threshold, lang, owner, owner_name, created_at, active FROM alert_rules;
CREATE TABLE alerts_new (
    alert_id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER NOT NULL REFERENCES alert_rules_new(rule_id) ON DELETE CASCADE,
    org_id TEXT NOT NULL,
    period TEXT NOT NULL,
    condition_key TEXT NOT NULL,
    facts TEXT NOT NULL,
    fired_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (rule_id, period, condition_key)
);
INSERT INTO alerts_new (alert_id, rule_id, org_id, period, condition_key, facts, fired_at)
SELECT alert_id, rule_id, org_id, period, condition_key, facts, fired_at FROM alerts;
CREATE TABLE alert_reads_new (
    alert_id INTEGER NOT NULL REFERENCES alerts_new(alert_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    read_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (alert_id, user_id)
);
INSERT INTO alert_reads_new (alert_id, user_id, read_at) SELECT alert_id, user_id, read_at FROM alert_reads;
CREATE TABLE alert_outbox_new (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alerts_new(alert_id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
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
INSERT INTO alert_outbox_new (message_id, alert_id, recipient, lang, state, attempts, next_attempt_at, claimed_at,
                              sent_at, last_error)
SELECT message_id, alert_id, recipient, lang, state, attempts, next_attempt_at, claimed_at, sent_at, last_error
FROM alert_outbox;
DROP TABLE alert_reads;
DROP TABLE alert_outbox;
DROP TABLE alerts;
DROP TABLE alert_rules;
ALTER TABLE alert_rules_new RENAME TO alert_rules;
ALTER TABLE alerts_new RENAME TO alerts;
ALTER TABLE alert_reads_new RENAME TO alert_reads;
ALTER TABLE alert_outbox_new RENAME TO alert_outbox;
CREATE INDEX alert_rules_org ON alert_rules (org_id);
CREATE INDEX alerts_org ON alerts (org_id, fired_at);
CREATE INDEX alert_outbox_state ON alert_outbox (state, next_attempt_at);
