-- The subscriptions in scope that were open at some point up to the end of $month_to,
-- one row each, with their cost centre's name and the last day any usage was recorded
-- (any type, any country) up to the end of $month_to.
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
), last_use AS (
    SELECT subscription_id, max(last_usage_date) AS last_usage_date
    FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE month <= $month_to::DATE AND quantity > 0
    GROUP BY subscription_id
)
SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, cc.name AS cost_centre_name,
       s.service_type::VARCHAR AS service_type, s.plan, s.opened_on, s.closed_on,
       l.last_usage_date
FROM subs s
LEFT JOIN cost_centres cc ON cc.org_id = s.org_id AND cc.code = s.cost_centre
LEFT JOIN last_use l USING (subscription_id)
WHERE s.opened_on <= last_day($month_to::DATE)
ORDER BY s.subscription_id
