-- The budgets a scope may see, one row per budget: the organisation's own budget (no centre)
-- only for a scope limited neither to centres nor to subscriptions; a centre's budget for a
-- scope whose centres (the granted ones with their sub-centres) include it. A scope limited
-- to subscriptions (an employee) sees none. $year_from/$year_to: 1 January of the first and
-- the last year wanted (NULL = every year).
SELECT b.cost_centre, p.name AS cost_centre_name, b.period_kind, b.period_start, b.amount AS budget
FROM budgets b
LEFT JOIN cost_centres p ON p.org_id = b.org_id AND p.code = b.cost_centre
WHERE b.org_id = $org_id
  AND $sub_all
  AND ($year_from::DATE IS NULL OR b.period_start >= $year_from::DATE)
  AND ($year_to::DATE IS NULL OR b.period_start < $year_to::DATE + INTERVAL 1 YEAR)
  AND CASE WHEN b.cost_centre IS NULL THEN $cc_all
           ELSE $cc_all OR list_contains(
               (SELECT list(t.descendant) FROM cost_centre_tree t
                WHERE t.org_id = $org_id AND list_contains($ccs::VARCHAR[], t.ancestor)),
               b.cost_centre) END
ORDER BY b.cost_centre NULLS FIRST, b.period_start, b.period_kind
