-- Rebuild the monthly usage aggregate for the given organisations from usage_daily.
-- Grain of usage_monthly: one row per subscription, month, usage type and country.
INSERT INTO usage_monthly
SELECT org_id, subscription_id, date_trunc('month', usage_date)::DATE AS month, usage_type,
       country, sum(quantity) AS quantity, sum(amount) AS amount,
       count(DISTINCT usage_date) AS active_days, max(usage_date) AS last_usage_date
FROM usage_daily
WHERE list_contains($org_ids::VARCHAR[], org_id)
GROUP BY ALL
ORDER BY org_id, subscription_id, month, usage_type, country
