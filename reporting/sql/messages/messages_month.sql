-- Saldoviesti figures: one row per mobile voice subscription in the scope that was open
-- during $month and has a phone number. Cost = the sum of its invoice lines for the month
-- (the same lines as the cost reports, summed exactly and rounded once to the cent), usage from usage_monthly (all countries).
WITH subs AS (
    SELECT * FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE service_type = 'mobile_voice' AND phone_number IS NOT NULL
      AND opened_on <= last_day($month::DATE)
      AND (closed_on IS NULL OR closed_on >= $month::DATE)
), cost AS (
    SELECT subscription_id,
           sum(amount) FILTER (WHERE invoice_month = $month::DATE) AS cost,
           sum(amount) FILTER (WHERE invoice_month = $month::DATE AND category = 'roaming') AS roaming_cost,
           sum(amount) FILTER (WHERE invoice_month >= $month::DATE - INTERVAL 3 MONTH
                                 AND invoice_month < $month::DATE) / 3 AS avg_cost_3m
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE subscription_id IS NOT NULL AND currency = 'EUR'
      AND invoice_month BETWEEN $month::DATE - INTERVAL 3 MONTH AND $month::DATE
    GROUP BY subscription_id
), roam_country AS (
    SELECT subscription_id, arg_max(country, amount) AS roaming_country
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE invoice_month = $month::DATE AND category = 'roaming' AND country IS NOT NULL
    GROUP BY subscription_id
), used AS (
    SELECT subscription_id,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') AS data_mb,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS messages
    FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE month = $month::DATE
    GROUP BY subscription_id
)
SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, s.plan,
       p.data_gb AS allowance_gb,
       round(coalesce(c.cost, 0), 2) AS cost,
       round(coalesce(c.roaming_cost, 0), 2) AS roaming_cost,
       r.roaming_country,
       round(coalesce(c.avg_cost_3m, 0), 2) AS avg_cost_3m,
       round(coalesce(u.data_mb, 0) / 1024, 2) AS data_gb,
       round(coalesce(u.voice_min, 0), 0) AS voice_min,
       coalesce(u.messages, 0) AS messages
FROM subs s
LEFT JOIN org_plan_book($org_id) p ON p.plan = s.plan
LEFT JOIN cost c USING (subscription_id)
LEFT JOIN roam_country r USING (subscription_id)
LEFT JOIN used u USING (subscription_id)
ORDER BY s.subscription_id
