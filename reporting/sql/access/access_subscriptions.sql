-- The subscriptions of one organisation, for granting an employee their own (reporting/users.py).
-- One row per subscription; the grant check accepts only these ids.
SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, s.service_type,
       s.closed_on
FROM subscriptions s
WHERE s.org_id = $org_id
ORDER BY s.user_name, s.subscription_id
