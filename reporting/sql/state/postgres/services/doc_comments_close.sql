-- PostgreSQL version of state/services/doc_comments_close.sql: the JSON list's elements are
-- text, and an id is a number (SQLite compares them loosely).
-- Parameters: :org_id, :ids (a JSON list of comment ids), :closed_by.
UPDATE doc_comments
SET status = 'closed', closed_by = :closed_by, closed_at = CURRENT_TIMESTAMP
WHERE org_id = :org_id AND status = 'open'
  AND id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(:ids AS json)))
