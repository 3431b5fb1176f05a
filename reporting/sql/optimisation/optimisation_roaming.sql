-- Separately charged (roaming) usage of the subscriptions in scope, one row per subscription,
-- month, country and usage type from $month_from to $month_to. Data in GB.
SELECT subscription_id, month, country,
       CASE WHEN usage_type IN ('sms', 'mms') THEN 'messages' ELSE usage_type::VARCHAR END AS usage_type,
       sum(CASE WHEN usage_type = 'data_mb' THEN quantity / 1024 ELSE quantity END)::DOUBLE AS quantity,
       sum(amount)::DOUBLE AS amount
FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
WHERE amount IS NOT NULL AND month BETWEEN $month_from::DATE AND $month_to::DATE
GROUP BY ALL
ORDER BY subscription_id, month, country, usage_type
