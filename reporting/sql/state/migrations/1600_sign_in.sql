-- Issue 16: sessions end when a password changes, temporary passwords must be changed and
-- expire, and failed sign-ins are throttled per source instead of locking the account.
-- +1 at every password reset or change: a session signed in under an older value ends.
ALTER TABLE accounts ADD COLUMN credentials_version INTEGER NOT NULL DEFAULT 0;
-- 1 while the password is one someone else chose or generated: it must be changed at sign-in.
ALTER TABLE accounts ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0;
-- ISO timestamp (UTC) after which a temporary password no longer signs in.
ALTER TABLE accounts ADD COLUMN password_expires_at TEXT;

-- Failed sign-ins per (source, typed e-mail address) and per source as a whole (account '*'):
-- each failure past the free ones doubles the wait before the next attempt from that source.
-- Keyed by what was typed, whether or not such an account exists, so the answers do not tell
-- which addresses exist; nothing here locks an account for anyone else.
CREATE TABLE login_throttle (
    source TEXT NOT NULL,            -- the client's address as the server sees it ('local' if none)
    account TEXT NOT NULL,           -- the normalised e-mail address typed, or '*'
    failures INTEGER NOT NULL,
    last_failure TEXT NOT NULL,      -- ISO timestamp (UTC)
    blocked_until TEXT,              -- no attempt from this source for this account before this
    PRIMARY KEY (source, account)
);
CREATE INDEX login_throttle_account ON login_throttle (account);
