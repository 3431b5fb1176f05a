-- Revoke one grant. Parameters: :user_id, :kind, :value.
DELETE FROM grants WHERE user_id = :user_id AND kind = :kind AND value = :value
