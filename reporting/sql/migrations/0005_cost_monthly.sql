-- A monthly cost summary per organisation, month, currency, cost centre, service type and
-- plan, derived from charges by every write transaction (reporting/sql/derive_cost_monthly.sql).
-- The month-grain cost reports (total, trend, months, centres) read a few thousand rows of it
-- instead of two million lines; subscription counts still come from the lines (a distinct
-- count here cost three times the rest of the summary on every write). A scope limited to
-- listed subscriptions, or a report of one subscription, computes the same rows from the
-- lines. Each category's amount is NULL when the group has no line of that category (so the
-- trend lists exactly the categories the lines have).
CREATE TABLE cost_monthly (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,
    currency VARCHAR NOT NULL,
    cost_centre VARCHAR,                 -- the centre the lines count for (scoped_charges.booked_cost_centre)
    service_type service_type,           -- the subscription's; NULL for organisation-level lines
    plan VARCHAR,
    monthly_fee DECIMAL(18, 2),
    usage DECIMAL(18, 2),
    roaming DECIMAL(18, 2),
    one_time DECIMAL(18, 2),
    discount DECIMAL(18, 2),
    service DECIMAL(18, 2),
    amount DECIMAL(18, 2) NOT NULL,      -- each line taken to the cent first, as the reports do
    lines BIGINT NOT NULL
);
