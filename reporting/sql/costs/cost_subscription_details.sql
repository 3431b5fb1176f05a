-- One subscription the scope may see, with its plan's allowances; no row otherwise.
SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, cc.name AS cost_centre_name,
       s.plan, s.service_type::VARCHAR AS service_type, s.opened_on, s.closed_on,
       p.monthly_fee::DOUBLE AS monthly_fee, p.data_gb::DOUBLE AS data_gb, p.voice_min, p.sms
FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
LEFT JOIN cost_centres cc ON cc.org_id = s.org_id AND cc.code = s.cost_centre
LEFT JOIN org_plan_book($org_id) p ON p.plan = s.plan
WHERE s.subscription_id = $subscription::VARCHAR
