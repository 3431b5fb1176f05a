-- Another account than :user_id already linked to the identity (:issuer, :subject).
-- At most one row.
SELECT user_id FROM accounts
WHERE oidc_issuer = :issuer AND oidc_subject = :subject AND user_id <> :user_id
