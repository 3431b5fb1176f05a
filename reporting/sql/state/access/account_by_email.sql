-- The account with an e-mail address (compared without case: the column is COLLATE NOCASE).
-- At most one row, every column. Parameters: :email.
SELECT * FROM accounts WHERE email = :email
