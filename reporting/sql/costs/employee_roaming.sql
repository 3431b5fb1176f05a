-- The countries (other than Finland) where the scope's subscriptions used the network in
-- $month, with the data used there: one row per subscription and country, most data first.
SELECT u.subscription_id, u.country,
       round(coalesce(sum(u.quantity) FILTER (WHERE u.usage_type = 'data_mb'), 0) / 1024, 2) AS data_gb,
       round(coalesce(sum(u.quantity) FILTER (WHERE u.usage_type = 'voice_min'), 0), 0) AS voice_min
FROM usage_daily u
JOIN scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s ON s.subscription_id = u.subscription_id
WHERE u.org_id = $org_id AND u.usage_date >= $month::DATE AND u.usage_date <= last_day($month::DATE) AND u.country <> 'FI'
GROUP BY ALL
ORDER BY u.subscription_id, data_gb DESC, u.country
