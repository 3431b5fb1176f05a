-- Deterministic picks for the demo personas: per organisation (largest first) its biggest
-- top-level cost centre and the voice subscription with the most roaming cost.
WITH sizes AS (
    SELECT org_id, count(*) AS n FROM subscriptions GROUP BY org_id
), top_centre AS (
    SELECT t.org_id, t.ancestor AS code, c.name, count(*) AS n,
           row_number() OVER (PARTITION BY t.org_id ORDER BY count(*) DESC, t.ancestor) AS rk
    FROM subscriptions s
    JOIN cost_centre_tree t ON t.org_id = s.org_id AND t.descendant = s.cost_centre
    JOIN cost_centres c ON c.org_id = t.org_id AND c.code = t.ancestor
    WHERE c.parent_code IS NULL
    GROUP BY t.org_id, t.ancestor, c.name
), traveller AS (
    SELECT s.org_id, s.subscription_id, s.user_name,
           row_number() OVER (PARTITION BY s.org_id
                              ORDER BY coalesce(sum(ch.amount), 0) DESC, s.subscription_id) AS rk
    FROM subscriptions s
    LEFT JOIN charges ch ON ch.org_id = s.org_id AND ch.subscription_id = s.subscription_id
                        AND ch.category = 'roaming'
    WHERE s.service_type = 'mobile_voice' AND s.closed_on IS NULL
    GROUP BY s.org_id, s.subscription_id, s.user_name
)
SELECT o.org_id, o.name AS org_name, z.n AS subscriptions,
       tc.code AS centre_code, tc.name AS centre_name,
       tr.subscription_id, tr.user_name
FROM organisations o
JOIN sizes z USING (org_id)
LEFT JOIN top_centre tc ON tc.org_id = o.org_id AND tc.rk = 1
LEFT JOIN traveller tr ON tr.org_id = o.org_id AND tr.rk = 1
ORDER BY z.n DESC, o.org_id
