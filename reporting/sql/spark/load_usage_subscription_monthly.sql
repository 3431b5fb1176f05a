-- The batch's usage per subscription and month of organisation $org for the batch's months
-- (Parquet files $files; the month is the partition's, month=YYYY-MM).
INSERT INTO usage_subscription_monthly
SELECT org_id, CAST(month || '-01' AS DATE), subscription_id, voice_min, sms, mms, data_mb,
       roaming_voice_min, roaming_data_mb, amount
FROM read_parquet($files::VARCHAR[], hive_partitioning = true, hive_types_autocast = false)
WHERE org_id = $org
ORDER BY org_id, 2, subscription_id
