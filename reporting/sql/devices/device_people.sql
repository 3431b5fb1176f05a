-- The people of the scope: the users of its open mobile voice subscriptions (a person is
-- their name as written), one row per subscription, open meaning not closed before $today.
SELECT s.user_name, s.subscription_id, s.cost_centre, cc.name AS cost_centre_name
FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
LEFT JOIN cost_centres cc ON cc.org_id = $org_id AND cc.code = s.cost_centre
WHERE s.service_type = 'mobile_voice'
  AND (s.closed_on IS NULL OR s.closed_on >= $today::DATE)
  AND nullif(trim(s.user_name), '') IS NOT NULL
ORDER BY s.user_name, s.subscription_id
