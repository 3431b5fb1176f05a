-- Spark SQL: the monthly usage aggregate, the same as reporting/sql/ingest/derive_usage_monthly.sql
-- (one row per subscription, month, usage type and country). Over the view `usage_daily`.
SELECT org_id, subscription_id, CAST(date_trunc('month', usage_date) AS DATE) AS month, usage_type,
       country, CAST(sum(quantity) AS DECIMAL(18, 3)) AS quantity,
       CAST(sum(amount) AS DECIMAL(18, 4)) AS amount,
       CAST(count(DISTINCT usage_date) AS INT) AS active_days, max(usage_date) AS last_usage_date
FROM usage_daily
GROUP BY org_id, subscription_id, CAST(date_trunc('month', usage_date) AS DATE), usage_type, country
