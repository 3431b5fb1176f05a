-- cost-centre-children: one drill-down level. For $parent NULL the top-level centres (plus a
-- row for lines booked to no centre); otherwise the direct sub-centres of $parent plus a row
-- (is_own) for what is booked on $parent itself. Each row's amount includes everything below
-- it, so the rows add up to the parent's total.
WITH counted AS (
    -- subscriptions with lines per centre, from the lines (the monthly rows have no subscription
    -- grain); a subscription's lines count for one centre, so the counts add up the hierarchy
    SELECT cost_centre, count(DISTINCT subscription_id) AS subscriptions FROM lines GROUP BY cost_centre
), own AS (
    SELECT m.cost_centre, any_value(c.subscriptions) AS subscriptions, sum(m.amount) AS amount
    FROM monthly m LEFT JOIN counted c ON c.cost_centre IS NOT DISTINCT FROM m.cost_centre
    GROUP BY m.cost_centre
), nodes AS (
    SELECT c.code, c.name FROM cost_centres c
    WHERE c.org_id = $org_id
      AND ((($parent::VARCHAR) IS NULL AND c.parent_code IS NULL) OR c.parent_code = $parent::VARCHAR)
), per_node AS (
    SELECT n.code AS cost_centre, n.name AS cost_centre_name, FALSE AS is_own,
           coalesce(sum(o.subscriptions), 0)::BIGINT AS subscriptions, sum(o.amount) AS amount
    FROM nodes n
    JOIN cost_centre_tree t ON t.org_id = $org_id AND t.ancestor = n.code
    JOIN own o ON o.cost_centre = t.descendant
    GROUP BY n.code, n.name
), direct AS (
    SELECT $parent::VARCHAR AS cost_centre,
           (SELECT name FROM cost_centres WHERE org_id = $org_id AND code = $parent::VARCHAR) AS cost_centre_name,
           TRUE AS is_own, coalesce(sum(subscriptions), 0)::BIGINT AS subscriptions, sum(amount) AS amount
    FROM own
    WHERE (($parent::VARCHAR) IS NULL AND cost_centre IS NULL) OR cost_centre = $parent::VARCHAR
    HAVING count(*) > 0
)
SELECT cost_centre, cost_centre_name, is_own,
       EXISTS (SELECT 1 FROM cost_centres c WHERE c.org_id = $org_id AND c.parent_code = x.cost_centre)
         AND NOT is_own AS has_children,
       subscriptions, amount
FROM (SELECT * FROM per_node UNION ALL SELECT * FROM direct) x
ORDER BY amount DESC, cost_centre NULLS LAST
