-- Lock an account out after too many failed logins; the count starts again.
-- Parameters: :user_id, :locked_until (ISO timestamp).
UPDATE accounts SET failed_logins = 0, locked_until = :locked_until WHERE user_id = :user_id
