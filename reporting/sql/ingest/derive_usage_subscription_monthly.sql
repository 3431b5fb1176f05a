-- Rebuild the per-subscription monthly usage for the given organisations from usage_monthly.
-- Grain of usage_subscription_monthly: one row per subscription and month with any usage; the
-- usage types side by side, roaming (country other than FI) separately. Rows sorted by month
-- then subscription, so a period's reports read only that period's row groups.
INSERT INTO usage_subscription_monthly
SELECT org_id, month, subscription_id,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min'), 0) AS voice_min,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'sms'), 0) AS sms,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'mms'), 0) AS mms,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb'), 0) AS data_mb,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min' AND country <> 'FI'), 0) AS roaming_voice_min,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb' AND country <> 'FI'), 0) AS roaming_data_mb,
       sum(amount) AS amount
FROM usage_monthly
WHERE list_contains($org_ids::VARCHAR[], org_id)
GROUP BY org_id, month, subscription_id
ORDER BY org_id, month, subscription_id
