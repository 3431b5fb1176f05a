-- Record a source's failures for an address (or '*') and the time before its next attempt.
-- Parameters: :source, :account, :failures, :last_failure, :blocked_until (ISO, UTC, or NULL).
INSERT INTO login_throttle (source, account, failures, last_failure, blocked_until)
VALUES (:source, :account, :failures, :last_failure, :blocked_until)
ON CONFLICT (source, account) DO UPDATE SET failures = excluded.failures,
    last_failure = excluded.last_failure, blocked_until = excluded.blocked_until
