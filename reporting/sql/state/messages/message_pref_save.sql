-- Store (insert or replace) one subscription's message language and opt-out.
-- Parameters: :org_id, :subscription_id, :lang, :opted_out (0/1), :updated_by.
INSERT INTO message_prefs (org_id, subscription_id, lang, opted_out, updated_by)
VALUES (:org_id, :subscription_id, :lang, :opted_out, :updated_by)
ON CONFLICT (org_id, subscription_id) DO UPDATE SET
    lang = excluded.lang, opted_out = excluded.opted_out,
    updated_by = excluded.updated_by, updated_at = CURRENT_TIMESTAMP
