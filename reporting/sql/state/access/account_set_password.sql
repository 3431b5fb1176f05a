-- A new password hash; lifts a lockout. Parameters: :user_id, :password_hash.
UPDATE accounts SET password_hash = :password_hash, failed_logins = 0, locked_until = NULL
WHERE user_id = :user_id
