-- The organisation's own plans (introduced by its subscriptions file, reporting/sql/migrations/
-- 0007_org_plans.sql) whose names the operator's catalogue does not hold, in the columns of
-- optimisation_plans.sql. The rules read a subscription's current plan from them; they never
-- recommend one (the choices are optimisation_plans.sql alone).
SELECT plan, service_type::VARCHAR AS service_type, monthly_fee::DOUBLE AS monthly_fee,
       data_gb::DOUBLE AS data_gb, voice_min::DOUBLE AS voice_min, sms::DOUBLE AS sms,
       data_overage_per_gb::DOUBLE AS data_overage_per_gb, voice_per_min::DOUBLE AS voice_per_min,
       sms_each::DOUBLE AS sms_each
FROM org_plan_book($org_id)
WHERE own
ORDER BY service_type, monthly_fee, plan
