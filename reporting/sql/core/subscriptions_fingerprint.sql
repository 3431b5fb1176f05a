-- One row that changes when any subscription's attributes copied onto the charge lines
-- (cost centre, service type, plan) change, or a subscription comes or goes: the write
-- transaction compares it before and after to know whether every line needs stamping.
SELECT count(*), sum(hash(org_id, subscription_id, cost_centre, service_type, plan))
FROM subscriptions
