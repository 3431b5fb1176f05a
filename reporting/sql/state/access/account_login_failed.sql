-- One more failed login in a row. Parameters: :user_id, :failed_logins (the new count).
UPDATE accounts SET failed_logins = :failed_logins WHERE user_id = :user_id
