-- The e-mail address of an active account (none for a demo persona).
SELECT email FROM accounts WHERE user_id = :user_id AND active = 1
