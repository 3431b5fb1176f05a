-- costs-by-subscription with $limit (the overview's top list): the same rows as the first
-- $limit of cost_by_subscription.sql, found by the total alone; the split by charge category
-- is then summed for the kept subscriptions only.
WITH totals AS (
    SELECT subscription_id, sum(amount) AS amount FROM lines GROUP BY subscription_id
), kept AS MATERIALIZED (
    SELECT * FROM totals ORDER BY amount DESC, subscription_id NULLS LAST LIMIT $limit
), per AS (
    SELECT k.subscription_id,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'monthly_fee'), 0) AS monthly_fee,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'usage'), 0) AS usage,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'roaming'), 0) AS roaming,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'one_time'), 0) AS one_time,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'discount'), 0) AS discount,
           coalesce(sum(l.amount) FILTER (WHERE l.category_enum = 'service'), 0) AS service,
           any_value(k.amount) AS amount
    FROM kept k JOIN lines l ON l.subscription_id IS NOT DISTINCT FROM k.subscription_id
    GROUP BY k.subscription_id
)
SELECT p.subscription_id, s.phone_number, s.user_name, s.cost_centre, cc.name AS cost_centre_name,
       s.plan, s.service_type::VARCHAR AS service_type,
       p.monthly_fee, p.usage, p.roaming, p.one_time, p.discount, p.service, p.amount
FROM per p
LEFT JOIN subscriptions s ON s.org_id = $org_id AND s.subscription_id = p.subscription_id
LEFT JOIN cost_centres cc ON cc.org_id = $org_id AND cc.code = s.cost_centre
ORDER BY p.amount DESC, p.subscription_id NULLS LAST
