-- Link an OpenID Connect identity to an account (NULLs remove the link).
-- Parameters: :user_id, :issuer, :subject.
UPDATE accounts SET oidc_issuer = :issuer, oidc_subject = :subject WHERE user_id = :user_id
