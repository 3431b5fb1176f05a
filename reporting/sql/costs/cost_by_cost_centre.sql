-- costs-by-cost-centre: one row per cost centre with lines in the period, the amount booked
-- directly on it (amount; these add up to the total) and including its sub-centres
-- (amount_incl_sub_centres). A row with an empty cost centre holds lines booked to no centre.
WITH own AS (
    SELECT cost_centre, count(DISTINCT subscription_id) AS subscriptions, sum(amount) AS amount
    FROM lines GROUP BY cost_centre
), rolled AS (
    SELECT t.ancestor AS cost_centre, sum(o.amount) AS amount_incl_sub_centres
    FROM own o JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = o.cost_centre
    GROUP BY t.ancestor
)
SELECT o.cost_centre, p.name AS cost_centre_name, p.parent_code AS parent_cost_centre, p.depth,
       o.subscriptions, o.amount,
       coalesce(r.amount_incl_sub_centres, o.amount) AS amount_incl_sub_centres
FROM own o
LEFT JOIN cost_centre_paths p ON p.org_id = $org_id AND p.code = o.cost_centre
LEFT JOIN rolled r ON r.cost_centre = o.cost_centre
ORDER BY o.amount DESC, o.cost_centre NULLS LAST
