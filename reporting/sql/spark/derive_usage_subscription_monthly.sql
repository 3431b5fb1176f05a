-- Spark SQL: usage per subscription and month, the usage types side by side, the same as
-- reporting/sql/ingest/derive_usage_subscription_monthly.sql. Over the view `usage_monthly`.
SELECT org_id, month, subscription_id,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min'), 0) AS DECIMAL(18, 3)) AS voice_min,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'sms'), 0) AS DECIMAL(18, 3)) AS sms,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'mms'), 0) AS DECIMAL(18, 3)) AS mms,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb'), 0) AS DECIMAL(18, 3)) AS data_mb,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min' AND country <> 'FI'), 0)
            AS DECIMAL(18, 3)) AS roaming_voice_min,
       CAST(coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb' AND country <> 'FI'), 0)
            AS DECIMAL(18, 3)) AS roaming_data_mb,
       CAST(sum(amount) AS DECIMAL(18, 4)) AS amount
FROM usage_monthly
GROUP BY org_id, month, subscription_id
