-- Deactivate (0) or reactivate (1) an account. Parameters: :user_id, :active.
UPDATE accounts SET active = :active WHERE user_id = :user_id
