-- The optimisation findings for the default thresholds (issue 19): a pure function of the data,
-- derived by every write transaction (reporting/optimisation/derived.py, run after
-- derive_cost_monthly) for each organisation's "now" month (the latest complete invoiced one),
-- so a first visit of the optimisation page reads rows instead of evaluating the rules.
-- One row per finding, in the order rules.evaluate gives (``ordinal``), the columns of
-- rules.FINDING_COLUMNS. Decisions are not here: they change without a data write and are
-- joined when the page reads (reporting/optimisation/reports.py).
CREATE TABLE optimisation_findings (
    org_id VARCHAR NOT NULL,
    month DATE NOT NULL,                 -- the rules' "now"
    ordinal INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    subscription_id VARCHAR,
    phone_number VARCHAR,
    user_name VARCHAR,
    cost_centre VARCHAR,
    cost_centre_name VARCHAR,
    service_type VARCHAR,
    plan VARCHAR,
    opened_on DATE,
    closed_on DATE,
    last_usage_date DATE,
    months_evaluated BIGINT,
    months_matched BIGINT,
    max_data_gb DOUBLE,
    allowance_gb DOUBLE,
    max_use_pct DOUBLE,
    current_cost_month DOUBLE,
    recommended_action VARCHAR,
    recommended_plan VARCHAR,
    new_cost_month DOUBLE,
    saving_month DOUBLE,
    saving_year DOUBLE,
    refundable DOUBLE,
    fingerprint VARCHAR
);
-- One row per organisation whose findings are derived: the month judged (NULL: no complete
-- month), the fingerprint of the data the rules read (optimisation/findings_inputs.sql; an
-- organisation whose data did not change is not evaluated again) and of the rules themselves
-- (their code, SQL and the roaming packages file: rows derived by other rules are not read).
-- A database migrated here has no row until the write that applies this migration fills them.
CREATE TABLE optimisation_findings_state (
    org_id VARCHAR NOT NULL PRIMARY KEY,
    month DATE,
    inputs VARCHAR NOT NULL,
    rules VARCHAR NOT NULL
);
