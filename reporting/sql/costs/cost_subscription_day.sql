-- subscription-day-usage: the usage rows (usage_daily: one per usage type and country) of one
-- subscription the scope may see on one day, with the amount charged separately (roaming
-- outside the EU/EEA; NULL when included in the plan).
WITH sub AS (
    SELECT s.subscription_id
    FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
    WHERE s.subscription_id = $subscription::VARCHAR
)
SELECT u.usage_date, u.usage_type::VARCHAR AS usage_type, u.country,
       u.quantity::DOUBLE AS quantity, round(u.amount, 2)::DOUBLE AS amount
FROM usage_daily u
WHERE u.org_id = $org_id AND u.subscription_id = $subscription::VARCHAR   -- constants: zone maps
  AND u.usage_date = $day::DATE
  AND EXISTS (SELECT 1 FROM sub)
ORDER BY u.usage_type, u.country = 'FI' DESC, u.country
