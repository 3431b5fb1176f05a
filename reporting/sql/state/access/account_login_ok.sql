-- A successful sign-in: :password_hash is a new hash when the stored one needs rehashing, else
-- NULL (the stored hash is kept). Parameters: :user_id, :password_hash.
UPDATE accounts SET password_hash = coalesce(:password_hash, password_hash)
WHERE user_id = :user_id
