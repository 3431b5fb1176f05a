-- The organisation's audit log, newest first, with "name <e-mail>" instead of ids where the
-- account exists. At most :limit rows. Parameters: :org_id, :limit.
SELECT l.at,
       coalesce(a.name || ' <' || a.email || '>', l.actor) AS actor,
       l.action,
       coalesce(t.name || ' <' || t.email || '>', l.target) AS target,
       l.details, l.manual
FROM audit_log l
LEFT JOIN accounts a ON a.user_id = l.actor
LEFT JOIN accounts t ON t.user_id = l.target
WHERE l.org_id = :org_id
ORDER BY l.id DESC
LIMIT :limit
