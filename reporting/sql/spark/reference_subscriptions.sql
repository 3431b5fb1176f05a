-- Every organisation's subscriptions with the attributes copied onto charge lines
-- (reporting/sql/core/stamp_charges.sql): the batch's reference for its checks and joins.
SELECT org_id, subscription_id, cost_centre AS sub_cost_centre,
       CAST(service_type AS VARCHAR) AS sub_service_type, plan AS sub_plan
FROM subscriptions ORDER BY org_id, subscription_id
