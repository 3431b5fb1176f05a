-- What each row's month of use would cost on top of its plan's fee, priced by the macros of
-- reporting/sql/core/overage_macros.sql, as the invoice lines are (reporting.optimisation.rules.
-- overage_costs). One row per row of the registered frame overage_rows, in _row order; its
-- columns: _row, data_gb, voice_min, messages (the month's use) and the plan's plan_data_gb,
-- data_overage_per_gb, plan_voice_min, voice_per_min, plan_sms, sms_each (NULL allowance =
-- unlimited). The values are cast to the types the analytical tables store them in (migration
-- 0001: use to 3 decimals, prices to 4, data in GB as usage_monthly's MB / 1024), so a price
-- is taken to the cent from the same decimal number as on an invoice line.
SELECT overage_cost(data_gb::DOUBLE, voice_min::DECIMAL(38, 3), messages::DECIMAL(38, 3),
                    plan_data_gb::DECIMAL(10, 2), data_overage_per_gb::DECIMAL(12, 4),
                    plan_voice_min::INTEGER, voice_per_min::DECIMAL(12, 4),
                    plan_sms::INTEGER, sms_each::DECIMAL(12, 4))::DOUBLE AS overage
FROM overage_rows
ORDER BY _row
