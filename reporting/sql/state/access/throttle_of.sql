-- The throttle rows of a source for a typed address and for the source as a whole ('*').
-- Parameters: :source, :account.
SELECT account, failures, last_failure, blocked_until FROM login_throttle
WHERE source = :source AND account IN (:account, '*')
