-- Every grant of the organisation's accounts: one row per (user, kind, value), by value.
-- Parameters: :org_id.
SELECT g.user_id, g.kind, g.value
FROM grants g JOIN accounts a USING (user_id)
WHERE a.org_id = :org_id
ORDER BY g.value
