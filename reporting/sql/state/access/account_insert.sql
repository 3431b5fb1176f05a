-- A new account. Parameters: :user_id (server-generated), :email, :name, :role, :org_id
-- (NULL for an operator), :password_hash (NULL until set), :created_by, :password_temporary
-- (1: to be changed at the first sign-in), :password_expires_at (NULL or ISO timestamp, UTC).
INSERT INTO accounts (user_id, email, name, role, org_id, password_hash, created_by,
                      password_temporary, password_expires_at)
VALUES (:user_id, :email, :name, :role, :org_id, :password_hash, :created_by,
        :password_temporary, :password_expires_at)
