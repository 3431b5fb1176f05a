-- Close the listed open comments of one organisation.
-- Parameters: :org_id, :ids (a JSON list of comment ids), :closed_by.
UPDATE doc_comments
SET status = 'closed', closed_by = :closed_by, closed_at = CURRENT_TIMESTAMP
WHERE org_id = :org_id AND status = 'open' AND id IN (SELECT value FROM json_each(:ids))
