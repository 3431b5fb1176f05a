-- The subscribers of an organisation whose accounts are active and have an e-mail address.
SELECT s.user_id, s.lang, a.email FROM report_subscriptions s
JOIN accounts a ON a.user_id = s.user_id AND a.active = 1
WHERE s.org_id = :org_id AND a.email IS NOT NULL ORDER BY s.user_id
