-- Saldoviesti: each organisation's message templates and per-subscription preferences.
CREATE TABLE message_templates (
    org_id TEXT NOT NULL,
    lang TEXT NOT NULL CHECK (lang IN ('fi', 'en')),
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (org_id, lang)
);

CREATE TABLE message_prefs (
    org_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'en')),
    opted_out INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (org_id, subscription_id)
);
