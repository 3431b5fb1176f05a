-- A new password hash; every session signed in before it ends (credentials_version + 1).
-- Parameters: :user_id, :password_hash, :temporary (1: to be changed at the next sign-in),
-- :expires_at (NULL, or the ISO timestamp (UTC) after which a temporary password is refused).
UPDATE accounts SET password_hash = :password_hash, failed_logins = 0, locked_until = NULL,
       password_temporary = :temporary, password_expires_at = :expires_at,
       credentials_version = credentials_version + 1
WHERE user_id = :user_id
