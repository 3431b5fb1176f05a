-- The latest import attempts, newest first, at most :limit; :org_id NULL = every organisation.
-- Parameters: :org_id, :limit.
SELECT at, actor_name, actor, channel, org_id, kinds, files, mode, rows_read, rows_loaded,
       rows_rejected, result, message
FROM import_log
WHERE :org_id IS NULL OR org_id = :org_id
ORDER BY id DESC
LIMIT :limit
