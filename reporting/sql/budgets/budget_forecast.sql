-- The month-end forecast of an open month ($month, no invoice lines yet), per budgeted
-- centre with its sub-centres ($centres) and for the whole scope (cost_centre NULL):
--   fixed             the monthly fees (the plan book's) of the scope's subscriptions open in
--                     the month, each a whole month;
--   variable_to_date  what the daily usage rows of the month charge so far (usage_daily.amount).
-- reporting/budgets/reports.py scales the variable part to the whole month.
WITH subs AS (
    SELECT s.subscription_id, s.cost_centre, coalesce(p.monthly_fee, 0) AS monthly_fee
    FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
    LEFT JOIN org_plan_book($org_id) p ON p.plan = s.plan
    WHERE s.opened_on <= $month_end::DATE AND (s.closed_on IS NULL OR s.closed_on >= $month::DATE)
), used AS (
    SELECT u.subscription_id, sum(u.amount) AS amount
    FROM usage_daily u
    WHERE u.org_id = $org_id AND u.usage_date BETWEEN $month::DATE AND $month_end::DATE
      AND u.amount IS NOT NULL
    GROUP BY u.subscription_id
), per_sub AS (
    SELECT s.cost_centre, s.monthly_fee AS fixed, coalesce(u.amount, 0) AS variable
    FROM subs s LEFT JOIN used u USING (subscription_id)
)
SELECT t.ancestor AS cost_centre, sum(p.fixed) AS fixed, sum(p.variable) AS variable_to_date
FROM per_sub p
JOIN cost_centre_tree t ON t.org_id = $org_id AND t.descendant = p.cost_centre
WHERE list_contains($centres::VARCHAR[], t.ancestor)
GROUP BY t.ancestor
UNION ALL
SELECT NULL, coalesce(sum(fixed), 0), coalesce(sum(variable), 0) FROM per_sub
