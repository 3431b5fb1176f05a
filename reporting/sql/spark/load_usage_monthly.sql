-- The batch's monthly usage of organisation $org for the batch's months (Parquet files
-- $files; the month is the partition's, month=YYYY-MM).
INSERT INTO usage_monthly
SELECT org_id, subscription_id, CAST(month || '-01' AS DATE), CAST(usage_type AS usage_type), country,
       quantity, amount, active_days, last_usage_date
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE org_id = $org
ORDER BY org_id, subscription_id, 3, usage_type, country
