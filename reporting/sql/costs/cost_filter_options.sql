-- Filter options within the scope: one row per (kind, value, label, depth).
-- Cost centres: those holding a subscription in the scope, with their ancestors (the path to
-- them); for a scope limited to cost centres only those centres and below. Cost centres come
-- in hierarchy order (each centre followed by its sub-centres).
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
), centres AS (
    SELECT DISTINCT t.ancestor AS code
    FROM subs s JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = s.cost_centre
    WHERE $cc_all OR t.ancestor IN (
        SELECT d.descendant FROM cost_centre_tree d
        WHERE d.org_id = $org_id AND list_contains($ccs::VARCHAR[], d.ancestor))
), sort_keys AS (
    SELECT c.code, string_agg(lpad(t.ancestor, 16, '0'), '/' ORDER BY t.depth DESC) AS sort_key
    FROM centres c JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = c.code
    GROUP BY c.code
)
SELECT 'cost_centre' AS kind, p.code AS value, p.code || ' ' || p.name AS label, p.depth, k.sort_key
FROM centres c
JOIN cost_centre_paths p ON p.org_id = $org_id AND p.code = c.code
JOIN sort_keys k ON k.code = c.code
UNION ALL
SELECT DISTINCT 'service_type', service_type::VARCHAR, service_type::VARCHAR, 0, service_type::VARCHAR FROM subs
UNION ALL
SELECT DISTINCT 'plan', plan, plan, 0, plan FROM subs WHERE plan IS NOT NULL
ORDER BY kind, sort_key
