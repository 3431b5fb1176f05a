-- Every version of the documents of the listed services of one organisation: by service, kind
-- (contracts, service descriptions, reports, other: the order of
-- reporting.services.customer_docs.CATEGORIES), title, newest version first.
-- Parameters: :org_id, :service_ids (a JSON list of ids).
SELECT id, org_id, service_id, category, title, title_key, version, file_id, file_type,
       original_name, size_bytes, sha256, uploaded_by, uploaded_by_name, uploaded_at
FROM customer_documents
WHERE org_id = :org_id AND service_id IN (SELECT value FROM json_each(:service_ids))
ORDER BY service_id,
         CASE category WHEN 'contract' THEN 1 WHEN 'service_description' THEN 2
                       WHEN 'report' THEN 3 ELSE 4 END,
         title_key, version DESC
