-- Store (insert or replace) the organisation's template of one language.
-- Parameters: :org_id, :lang, :body, :updated_by.
INSERT INTO message_templates (org_id, lang, body, updated_by)
VALUES (:org_id, :lang, :body, :updated_by)
ON CONFLICT (org_id, lang) DO UPDATE SET
    body = excluded.body, updated_by = excluded.updated_by, updated_at = CURRENT_TIMESTAMP
