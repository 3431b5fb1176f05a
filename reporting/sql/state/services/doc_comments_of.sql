-- Comments on the listed services of one organisation, newest first; :status NULL = every
-- status. Parameters: :org_id, :service_ids (a JSON list of ids), :status.
SELECT * FROM doc_comments
WHERE org_id = :org_id
  AND service_id IN (SELECT value FROM json_each(:service_ids))
  AND (:status IS NULL OR status = :status)
ORDER BY created_at DESC, id DESC
