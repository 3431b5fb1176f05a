-- The next version number of a document title in one organisation's service.
-- Parameters: :org_id, :service_id, :title_key.
SELECT COALESCE(MAX(version), 0) + 1 AS version
FROM customer_documents
WHERE org_id = :org_id AND service_id = :service_id AND title_key = :title_key
