-- One account by its id, active or not. At most one row, every column. Parameters: :user_id.
SELECT * FROM accounts WHERE user_id = :user_id
