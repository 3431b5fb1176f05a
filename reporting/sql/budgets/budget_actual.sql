-- budget-vs-actual: the actual costs of the month ($month) and of the year to it (the lines
-- CTE runs from 1 January to $month) of each budgeted centre, its sub-centres included
-- ($centres), and of the whole scope (cost_centre NULL). The year to date counts the months in
-- which the centre (or the organisation, '*') has a budget in force ($budgeted:
-- 'centre|YYYY-MM'), so that it compares like with like. Sums of the lines as stored; rounded
-- where shown.
SELECT t.ancestor AS cost_centre,
       sum(CASE WHEN l.invoice_month = $month::DATE THEN l.amount END) AS actual,
       sum(CASE WHEN list_contains($budgeted::VARCHAR[], t.ancestor || '|' || strftime(l.invoice_month, '%Y-%m'))
                THEN l.amount END) AS actual_ytd
FROM lines l
JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = l.cost_centre
WHERE list_contains($centres::VARCHAR[], t.ancestor)
GROUP BY t.ancestor
UNION ALL
SELECT NULL, sum(CASE WHEN invoice_month = $month::DATE THEN amount END),
       sum(CASE WHEN list_contains($budgeted::VARCHAR[], '*|' || strftime(invoice_month, '%Y-%m')) THEN amount END)
FROM lines
