-- subscription-daily-usage: one row per day of $month for one subscription the scope may see,
-- zeros on days without usage, with running totals against the plan's allowance
-- (NULL allowance = unlimited). Reads usage_daily for one subscription only (rows are sorted
-- by org_id, subscription_id, so the zone maps skip the rest of the table).
WITH sub AS (
    SELECT s.subscription_id, s.plan
    FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
    WHERE s.subscription_id = $subscription::VARCHAR
), days AS (
    SELECT d::DATE AS usage_date
    FROM generate_series($month::DATE, last_day($month::DATE)::DATE, INTERVAL 1 DAY) g(d)
    WHERE EXISTS (SELECT 1 FROM sub)
), used AS (
    SELECT u.usage_date,
           sum(u.quantity) FILTER (WHERE u.usage_type = 'voice_min') AS voice_min,
           sum(u.quantity) FILTER (WHERE u.usage_type = 'sms') AS sms,
           sum(u.quantity) FILTER (WHERE u.usage_type = 'mms') AS mms,
           sum(u.quantity) FILTER (WHERE u.usage_type = 'data_mb') AS data_mb,
           sum(u.amount) AS roaming_amount
    FROM usage_daily u
    WHERE u.org_id = $org_id AND u.subscription_id = $subscription::VARCHAR   -- constants: zone maps
      AND u.usage_date BETWEEN $month::DATE AND last_day($month::DATE)
      AND EXISTS (SELECT 1 FROM sub)
    GROUP BY u.usage_date
), daily AS (
    SELECT d.usage_date,
           coalesce(u.voice_min, 0)::DOUBLE AS voice_min, coalesce(u.sms, 0)::DOUBLE AS sms,
           coalesce(u.mms, 0)::DOUBLE AS mms, coalesce(u.data_mb, 0)::DOUBLE AS data_mb,
           round(coalesce(u.roaming_amount, 0), 2)::DOUBLE AS roaming_amount
    FROM days d LEFT JOIN used u USING (usage_date)
)
SELECT d.usage_date, d.voice_min, d.sms, d.mms, d.data_mb, d.roaming_amount,
       round(sum(d.data_mb) OVER w / 1024, 3) AS data_gb_cumulative,
       p.data_gb::DOUBLE AS data_allowance_gb,
       sum(d.voice_min) OVER w AS voice_min_cumulative,
       p.voice_min AS voice_allowance_min,
       sum(d.sms + d.mms) OVER w AS sms_cumulative,
       p.sms AS sms_allowance
FROM daily d
LEFT JOIN org_plan_book($org_id) p ON p.plan = (SELECT plan FROM sub)
WINDOW w AS (ORDER BY d.usage_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY d.usage_date
