-- The documents of the listed services of one organisation, by service and slug.
-- Parameters: :org_id, :service_ids (a JSON list of ids).
SELECT org_id, service_id, slug, title, body, source, loaded_at
FROM service_docs
WHERE org_id = :org_id AND service_id IN (SELECT value FROM json_each(:service_ids))
ORDER BY service_id, slug
