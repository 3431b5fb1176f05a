-- The operator's plan catalogue: one row per plan. NULL allowance = unlimited.
SELECT plan, service_type::VARCHAR AS service_type, monthly_fee::DOUBLE AS monthly_fee,
       data_gb::DOUBLE AS data_gb, voice_min::DOUBLE AS voice_min, sms::DOUBLE AS sms,
       data_overage_per_gb::DOUBLE AS data_overage_per_gb, voice_per_min::DOUBLE AS voice_per_min,
       sms_each::DOUBLE AS sms_each
FROM plans
ORDER BY service_type, monthly_fee
