-- One active account by its id (a deactivated one signs in as nobody).
-- At most one row, every column. Parameters: :user_id.
SELECT * FROM accounts WHERE user_id = :user_id AND active = 1
