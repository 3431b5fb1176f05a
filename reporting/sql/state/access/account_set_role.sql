-- Change an account's role. Parameters: :user_id, :role.
UPDATE accounts SET role = :role WHERE user_id = :user_id
