-- An account's grants: one row per (kind, value). Parameters: :user_id.
SELECT kind, value FROM grants WHERE user_id = :user_id
