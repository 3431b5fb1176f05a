-- One row per subscription in scope and month from $month_from to $month_to in which the
-- subscription was open: its usage (domestic and EU, i.e. included usage: rows with no
-- separate amount) and its charges by category. Usage quantities: GB, minutes, messages.
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
), months AS (
    SELECT unnest(generate_series($month_from::DATE, $month_to::DATE, INTERVAL 1 MONTH))::DATE AS month
), grid AS (
    SELECT s.subscription_id, m.month
    FROM subs s, months m
    WHERE s.opened_on <= last_day(m.month) AND (s.closed_on IS NULL OR s.closed_on >= m.month)
), u AS (
    SELECT subscription_id, month,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb' AND amount IS NULL) / 1024 AS data_gb,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min' AND amount IS NULL) AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms') AND amount IS NULL) AS messages,
           sum(quantity) AS any_usage,
           max(last_usage_date) FILTER (WHERE quantity > 0) AS last_usage_date
    FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE month BETWEEN $month_from::DATE AND $month_to::DATE
    GROUP BY ALL
), c AS (
    SELECT subscription_id, invoice_month AS month,
           sum(amount) FILTER (WHERE category = 'monthly_fee') AS fee_charged,
           sum(amount) FILTER (WHERE category = 'usage') AS usage_charged,
           sum(amount) FILTER (WHERE category = 'roaming') AS roaming_charged,
           sum(amount) FILTER (WHERE category NOT IN ('monthly_fee', 'usage', 'roaming')) AS other_charged,
           sum(amount) AS total_charged
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE subscription_id IS NOT NULL AND currency = 'EUR'
      AND invoice_month BETWEEN $month_from::DATE AND $month_to::DATE
    GROUP BY ALL
)
SELECT g.subscription_id, g.month,
       coalesce(u.data_gb, 0)::DOUBLE AS data_gb,
       coalesce(u.voice_min, 0)::DOUBLE AS voice_min,
       coalesce(u.messages, 0)::DOUBLE AS messages,
       coalesce(u.any_usage, 0)::DOUBLE AS any_usage,
       u.last_usage_date,
       coalesce(c.fee_charged, 0)::DOUBLE AS fee_charged,
       coalesce(c.usage_charged, 0)::DOUBLE AS usage_charged,
       coalesce(c.roaming_charged, 0)::DOUBLE AS roaming_charged,
       coalesce(c.other_charged, 0)::DOUBLE AS other_charged,
       coalesce(c.total_charged, 0)::DOUBLE AS total_charged
FROM grid g
LEFT JOIN u USING (subscription_id, month)
LEFT JOIN c USING (subscription_id, month)
ORDER BY g.subscription_id, g.month
