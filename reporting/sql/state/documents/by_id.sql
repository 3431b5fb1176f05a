-- One version of a document, only when it is the given organisation's.
-- Parameters: :org_id, :id.
SELECT id, org_id, service_id, category, title, title_key, version, file_id, file_type,
       original_name, size_bytes, sha256, uploaded_by, uploaded_by_name, uploaded_at
FROM customer_documents
WHERE org_id = :org_id AND id = :id
