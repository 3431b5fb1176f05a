-- cost-centre-path: the path from the top of the hierarchy down to $code (one row per level,
-- top first), only when $code is a centre the scope may see (one holding a subscription in
-- the scope or above one, and within granted centres); no rows otherwise.
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
), visible AS (
    SELECT DISTINCT t.ancestor AS code
    FROM subs s JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = s.cost_centre
)
SELECT t.ancestor AS cost_centre, c.name AS cost_centre_name, t.depth
FROM cost_centre_tree t
JOIN cost_centres c ON c.org_id = t.org_id AND c.code = t.ancestor
WHERE t.org_id = $org_id AND t.descendant = $code::VARCHAR
  AND $code::VARCHAR IN (SELECT code FROM visible)
ORDER BY t.depth DESC
