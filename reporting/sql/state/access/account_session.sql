-- What a signed-in session is checked against at every interaction: the active account's
-- credentials version. At most one row. Parameters: :user_id.
SELECT credentials_version FROM accounts WHERE user_id = :user_id AND active = 1
