-- A new account. Parameters: :user_id (server-generated), :email, :name, :role, :org_id
-- (NULL for an operator), :password_hash (NULL until set), :created_by.
INSERT INTO accounts (user_id, email, name, role, org_id, password_hash, created_by)
VALUES (:user_id, :email, :name, :role, :org_id, :password_hash, :created_by)
