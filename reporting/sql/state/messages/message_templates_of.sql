-- The organisation's own saldoviesti templates: one row per language it has changed.
-- Parameters: :org_id.
SELECT lang, body FROM message_templates WHERE org_id = :org_id
