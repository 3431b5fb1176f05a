-- The demo's invoice lines of every subscription and month in $months: the monthly fee (by
-- active days), usage over the plan's allowances, roaming outside the EU (from usage_monthly)
-- and one-time charges (the registered frame gen_one_time). One row per line, inserted in
-- month order with the subscription's attributes, as the importer writes them. Usage over the
-- allowances is priced by the macros of reporting/sql/core/overage_macros.sql.
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity,
                     unit, amount, currency, country, source, sub_cost_centre, sub_service_type,
                     sub_plan)
WITH months AS (
    SELECT m AS month, last_day(m) AS month_end, day(last_day(m)) AS month_days
    FROM (SELECT unnest($months::DATE[]) AS m)
), active AS (
    SELECT s.org_id, s.subscription_id, s.plan, mo.month, mo.month_days,
           least(coalesce(s.closed_on, mo.month_end), mo.month_end)
             - greatest(s.opened_on, mo.month) + 1 AS active_days
    FROM subscriptions s JOIN months mo
      ON s.opened_on <= mo.month_end AND coalesce(s.closed_on, mo.month_end) >= mo.month
), usage_m AS (
    SELECT org_id, subscription_id, month,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') AS data_mb,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS sms
    FROM usage_monthly WHERE amount IS NULL GROUP BY ALL
)
-- in month order with the subscription's attributes, as the importer writes them
SELECT l.*, s.cost_centre, s.service_type, s.plan
FROM (
SELECT a.org_id, a.month, a.subscription_id, 'monthly_fee', a.plan,
       round(a.active_days / a.month_days, 3), 'kk',
       round(p.monthly_fee * a.active_days / a.month_days, 2), 'EUR', NULL, 'demo'
FROM active a JOIN plans p USING (plan)
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Data kiintiön ylitys',
       overage_data_gb(u.data_mb / 1024, p.data_gb), 'GB',
       overage_data_cost(u.data_mb / 1024, p.data_gb, p.data_overage_per_gb), 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.data_overage_per_gb > 0 AND overage_data_gb(u.data_mb / 1024, p.data_gb) IS NOT NULL
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Puhelut yli kiintiön',
       overage_units(u.voice_min, p.voice_min), 'min',
       overage_unit_cost(u.voice_min, p.voice_min, p.voice_per_min), 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.voice_per_min > 0 AND overage_units(u.voice_min, p.voice_min) IS NOT NULL
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Viestit yli kiintiön',
       overage_units(u.sms, p.sms), 'kpl', overage_unit_cost(u.sms, p.sms, p.sms_each), 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.sms_each > 0 AND overage_units(u.sms, p.sms) IS NOT NULL
UNION ALL
SELECT org_id, month, subscription_id, 'roaming',
       CASE usage_type WHEN 'data_mb' THEN 'Verkkovierailu data, '
                       WHEN 'voice_min' THEN 'Verkkovierailu puhelut, '
                       ELSE 'Verkkovierailu viestit, ' END || country,
       CASE WHEN usage_type = 'data_mb' THEN round(quantity / 1024, 3) ELSE quantity END,
       CASE usage_type WHEN 'data_mb' THEN 'GB' WHEN 'voice_min' THEN 'min' ELSE 'kpl' END,
       amount, 'EUR', country, 'demo'
FROM (SELECT org_id, subscription_id, month, country,
             CASE WHEN usage_type = 'mms' THEN 'sms' ELSE usage_type::VARCHAR END AS usage_type,
             sum(quantity) AS quantity, sum(amount) AS amount
      FROM usage_monthly WHERE amount IS NOT NULL GROUP BY ALL)
UNION ALL
SELECT org_id, invoice_month, subscription_id, 'one_time', description, 1, 'kpl', amount,
       'EUR', NULL, 'demo'
FROM gen_one_time
) l
LEFT JOIN subscriptions s USING (org_id, subscription_id)
ORDER BY l.org_id, l.month, l.subscription_id
