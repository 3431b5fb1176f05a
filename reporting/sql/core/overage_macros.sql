-- Overage pricing of the operator's plans: what a month's use costs on top of the plan's fee.
-- The one definition, used by the demo's invoice lines (reporting/sql/demo/charges.sql) and
-- by the optimisation rules' estimates (reporting/sql/optimisation/overage_costs.sql).
-- Created as temporary macros on the connection that prices: nothing is stored in a database.
-- A NULL allowance is unlimited. Each part is NULL when the use is within the allowance.

-- Data: by started GB over the allowance. The round to 9 decimals keeps a binary fraction
-- such as 2.0000000000000004 GB over from counting as a third started GB (usage is stored
-- in MB to 3 decimals, so a real excess is never that close to a whole GB).
CREATE OR REPLACE TEMP MACRO overage_data_gb(used_gb, allowance_gb) AS
    CASE WHEN allowance_gb IS NOT NULL AND used_gb > allowance_gb
         THEN ceil(round(used_gb - allowance_gb, 9)) END;
CREATE OR REPLACE TEMP MACRO overage_data_cost(used_gb, allowance_gb, per_gb) AS
    overage_data_gb(used_gb, allowance_gb) * per_gb;

-- Voice by the minute and messages each: the units over the allowance, their price to the cent.
CREATE OR REPLACE TEMP MACRO overage_units(used, allowance) AS
    CASE WHEN allowance IS NOT NULL AND used > allowance THEN used - allowance END;
CREATE OR REPLACE TEMP MACRO overage_unit_cost(used, allowance, price) AS
    round(overage_units(used, allowance) * price, 2);

-- The month's overage in total (0 when none).
CREATE OR REPLACE TEMP MACRO overage_cost(data_gb, voice_min, messages, allowance_gb, per_gb,
                                          allowance_min, per_min, allowance_sms, sms_each) AS
    coalesce(overage_data_cost(data_gb, allowance_gb, per_gb), 0)
    + coalesce(overage_unit_cost(voice_min, allowance_min, per_min), 0)
    + coalesce(overage_unit_cost(messages, allowance_sms, sms_each), 0);
