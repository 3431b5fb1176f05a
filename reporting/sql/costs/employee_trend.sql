-- An employee's own subscriptions, month by month for the 12 months ending $month:
-- one row per subscription and month, zeros where nothing was charged or used.
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
), months AS (
    SELECT unnest(generate_series($month::DATE - INTERVAL 11 MONTH, $month::DATE, INTERVAL 1 MONTH))::DATE AS month
), cost AS (
    SELECT subscription_id, invoice_month AS month, sum(amount) AS cost,
           sum(amount) FILTER (WHERE category = 'roaming') AS roaming_cost
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE subscription_id IS NOT NULL AND currency = 'EUR'
      AND invoice_month BETWEEN $month::DATE - INTERVAL 11 MONTH AND $month::DATE
    GROUP BY ALL
), used AS (
    SELECT subscription_id, month,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') / 1024 AS data_gb,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS messages
    FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE month BETWEEN $month::DATE - INTERVAL 11 MONTH AND $month::DATE
    GROUP BY ALL
)
SELECT s.subscription_id, s.phone_number, s.plan, m.month,
       round(coalesce(c.cost, 0), 2) AS cost,
       round(coalesce(c.roaming_cost, 0), 2) AS roaming_cost,
       round(coalesce(u.data_gb, 0), 2) AS data_gb,
       round(coalesce(u.voice_min, 0), 0) AS voice_min,
       coalesce(u.messages, 0) AS messages
FROM subs s
CROSS JOIN months m
LEFT JOIN cost c ON c.subscription_id = s.subscription_id AND c.month = m.month
LEFT JOIN used u ON u.subscription_id = s.subscription_id AND u.month = m.month
WHERE s.opened_on <= last_day(m.month) AND (s.closed_on IS NULL OR s.closed_on >= m.month)
ORDER BY s.subscription_id, m.month
