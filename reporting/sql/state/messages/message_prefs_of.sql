-- The organisation's per-subscription message settings: one row per subscription set.
-- Parameters: :org_id.
SELECT subscription_id, lang, opted_out FROM message_prefs WHERE org_id = :org_id
