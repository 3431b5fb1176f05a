-- usage-by-subscription: one row per subscription open during the period (within the scope and
-- filters), its volumes in the period; zeros (has_usage FALSE) when it used nothing. Volumes
-- from usage_subscription_monthly (usage types side by side).
WITH per AS (
    SELECT subscription_id,
           sum(voice_min) AS voice_min, sum(sms) AS sms, sum(mms) AS mms,
           sum(data_mb) / 1024 AS data_gb, sum(roaming_data_mb) / 1024 AS roaming_data_gb,
           sum(roaming_voice_min) AS roaming_voice_min, sum(amount) AS usage_amount
    FROM srows GROUP BY subscription_id
)
SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, s.plan, s.service_type,
       round(coalesce(p.voice_min, 0), 1)::DOUBLE AS voice_min,
       coalesce(p.sms, 0)::DOUBLE AS sms, coalesce(p.mms, 0)::DOUBLE AS mms,
       round(coalesce(p.data_gb, 0), 3)::DOUBLE AS data_gb,
       round(coalesce(p.roaming_data_gb, 0), 3)::DOUBLE AS roaming_data_gb,
       round(coalesce(p.roaming_voice_min, 0), 1)::DOUBLE AS roaming_voice_min,
       round(coalesce(p.usage_amount, 0), 2)::DOUBLE AS usage_amount,
       p.subscription_id IS NOT NULL AS has_usage
FROM fsubs s LEFT JOIN per p USING (subscription_id)
ORDER BY has_usage, data_gb DESC, s.subscription_id
