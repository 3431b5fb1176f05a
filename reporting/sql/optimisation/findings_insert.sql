-- One organisation's derived optimisation findings from the registered frame
-- optimisation_findings_new (rules.FINDING_COLUMNS and ``ordinal``, the position in rules.evaluate's order).
INSERT INTO optimisation_findings
SELECT $org_id, $month::DATE, ordinal::INTEGER,
       rule::VARCHAR, subscription_id::VARCHAR, phone_number::VARCHAR, user_name::VARCHAR,
       cost_centre::VARCHAR, cost_centre_name::VARCHAR, service_type::VARCHAR, plan::VARCHAR,
       opened_on::DATE, closed_on::DATE, last_usage_date::DATE,
       months_evaluated::BIGINT, months_matched::BIGINT, max_data_gb::DOUBLE, allowance_gb::DOUBLE,
       max_use_pct::DOUBLE, current_cost_month::DOUBLE, recommended_action::VARCHAR,
       recommended_plan::VARCHAR, new_cost_month::DOUBLE, saving_month::DOUBLE,
       saving_year::DOUBLE, refundable::DOUBLE, fingerprint::VARCHAR
FROM optimisation_findings_new
