-- Personal accounts, their grants and the audit log of every access change.
CREATE TABLE accounts (
    user_id TEXT PRIMARY KEY,                 -- server-generated
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'main_user', 'manager', 'analyst', 'employee')),
    org_id TEXT,                              -- NULL only for operators
    password_hash TEXT,                       -- argon2id; NULL until set (OIDC-only accounts)
    active INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,                        -- ISO timestamp while locked out
    oidc_issuer TEXT,
    oidc_subject TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    CHECK (role = 'operator' OR org_id IS NOT NULL),
    UNIQUE (oidc_issuer, oidc_subject)
);

-- What a manager / analyst / employee was granted: cost centres (with their sub-centres) or
-- subscriptions. No grant, no rows.
CREATE TABLE grants (
    user_id TEXT NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cost_centre', 'subscription')),
    value TEXT NOT NULL,
    granted_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    granted_by TEXT,
    PRIMARY KEY (user_id, kind, value)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor TEXT NOT NULL,                      -- user_id of who did it ('system' for automation)
    org_id TEXT,
    action TEXT NOT NULL,                     -- create_account, grant, revoke, change_role ...
    target TEXT,                              -- the affected user_id
    details TEXT,                             -- JSON
    manual INTEGER NOT NULL DEFAULT 0         -- 1 = operator did it on a customer's request (priced)
);
