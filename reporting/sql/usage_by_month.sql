-- usage-by-month: one row per month of the period and group ($by_type: service type,
-- $by_centre: the subscription's cost centre; both, one or neither): volumes, the number of
-- subscriptions open in the month and how many of them used anything. Groups whose
-- subscriptions used nothing still appear (with zero volumes).
WITH months AS (
    SELECT m::DATE AS month
    FROM generate_series($month_from::DATE, $month_to::DATE, INTERVAL 1 MONTH) g(m)
), open_subs AS (
    SELECT mo.month, s.subscription_id,
           CASE WHEN $by_type THEN s.service_type END AS service_type,
           CASE WHEN $by_centre THEN s.cost_centre END AS cost_centre
    FROM fsubs s JOIN months mo
      ON s.opened_on <= last_day(mo.month) AND (s.closed_on IS NULL OR s.closed_on >= mo.month)
), vol AS (
    SELECT month, subscription_id,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS messages,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') / 1024 AS data_gb
    FROM urows GROUP BY month, subscription_id
)
SELECT o.month, o.service_type, o.cost_centre,
       round(coalesce(sum(v.voice_min), 0), 1)::DOUBLE AS voice_min,
       coalesce(sum(v.messages), 0)::DOUBLE AS messages,
       round(coalesce(sum(v.data_gb), 0), 3)::DOUBLE AS data_gb,
       count(*) AS subscriptions,
       count(v.subscription_id) AS subscriptions_with_usage,
       count(*) - count(v.subscription_id) AS subscriptions_without_usage
FROM open_subs o LEFT JOIN vol v USING (month, subscription_id)
GROUP BY o.month, o.service_type, o.cost_centre
ORDER BY o.month, o.service_type NULLS LAST, o.cost_centre NULLS LAST
