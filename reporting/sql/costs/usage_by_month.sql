-- usage-by-month: one row per month of the period and group ($by_type: service type,
-- $by_centre: the subscription's cost centre; both, one or neither): volumes, the number of
-- subscriptions open in the month and how many of them used anything. Groups whose
-- subscriptions used nothing still appear (with zero volumes).
-- Volumes come from usage_subscription_monthly (one row per subscription and month with usage),
-- counted only in months the subscription was open; the open subscriptions are counted per
-- group separately, so no row-by-row join of the two is needed.
WITH months AS (
    SELECT m::DATE AS month
    FROM generate_series($month_from::DATE, $month_to::DATE, INTERVAL 1 MONTH) g(m)
), open_counts AS (
    SELECT mo.month,
           CASE WHEN $by_type THEN s.service_type END AS service_type,
           CASE WHEN $by_centre THEN s.cost_centre END AS cost_centre,
           count(*) AS subscriptions
    FROM fsubs s JOIN months mo
      ON s.opened_on <= last_day(mo.month) AND (s.closed_on IS NULL OR s.closed_on >= mo.month)
    GROUP BY ALL
), vol AS (
    SELECT u.month,
           CASE WHEN $by_type THEN u.service_type END AS service_type,
           CASE WHEN $by_centre THEN u.cost_centre END AS cost_centre,
           sum(u.voice_min) AS voice_min, sum(u.sms + u.mms) AS messages,
           sum(u.data_mb) / 1024 AS data_gb, count(*) AS subscriptions_with_usage
    FROM srows u
    WHERE u.opened_on <= last_day(u.month) AND (u.closed_on IS NULL OR u.closed_on >= u.month)
    GROUP BY ALL
)
SELECT o.month, o.service_type, o.cost_centre,
       round(coalesce(v.voice_min, 0), 1)::DOUBLE AS voice_min,
       coalesce(v.messages, 0)::DOUBLE AS messages,
       round(coalesce(v.data_gb, 0), 3)::DOUBLE AS data_gb,
       o.subscriptions,
       coalesce(v.subscriptions_with_usage, 0) AS subscriptions_with_usage,
       o.subscriptions - coalesce(v.subscriptions_with_usage, 0) AS subscriptions_without_usage
FROM open_counts o
LEFT JOIN vol v ON v.month = o.month AND v.service_type IS NOT DISTINCT FROM o.service_type
               AND v.cost_centre IS NOT DISTINCT FROM o.cost_centre
ORDER BY o.month, o.service_type NULLS LAST, o.cost_centre NULLS LAST
