-- costs-by-subscription: one row per subscription with lines in the period, by charge
-- category and in total; a row with an empty subscription holds organisation-level lines.
-- $limit (NULL = all rows) keeps only the largest (the overview's top list).
WITH per_all AS (
    SELECT subscription_id,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'monthly_fee'), 0) AS monthly_fee,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'usage'), 0) AS usage,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'roaming'), 0) AS roaming,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'one_time'), 0) AS one_time,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'discount'), 0) AS discount,
           coalesce(sum(amount) FILTER (WHERE category_enum = 'service'), 0) AS service,
           sum(amount) AS amount
    FROM lines GROUP BY subscription_id
), per AS (
    SELECT * FROM per_all ORDER BY amount DESC, subscription_id NULLS LAST LIMIT $limit
)
SELECT p.subscription_id, s.phone_number, s.user_name, s.cost_centre, cc.name AS cost_centre_name,
       s.plan, s.service_type::VARCHAR AS service_type,
       p.monthly_fee, p.usage, p.roaming, p.one_time, p.discount, p.service, p.amount
FROM per p
LEFT JOIN subscriptions s ON s.org_id = $org_id AND s.subscription_id = p.subscription_id
LEFT JOIN cost_centres cc ON cc.org_id = $org_id AND cc.code = s.cost_centre
ORDER BY p.amount DESC, p.subscription_id NULLS LAST
