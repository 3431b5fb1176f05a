-- The account an OpenID Connect identity is linked to: issuer AND subject together.
-- At most one row. Parameters: :issuer, :subject.
SELECT user_id, active FROM accounts WHERE oidc_issuer = :issuer AND oidc_subject = :subject
