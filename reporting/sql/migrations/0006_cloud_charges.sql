-- The FOCUS fields move out of charges into cloud_charges, the record of each FOCUS line as
-- imported (its cost line stays in charges, source 'focus', organisation-level, so every report
-- and invoice reads one table). Why: every column of a 5-million-line import costs DuckDB time
-- to store even when empty, and these four, empty on every operator invoice line, were a
-- tenth of a big import.
CREATE TABLE cloud_charges (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,         -- first day of the month (FOCUS BillingPeriodStart)
    category charge_category NOT NULL,
    description VARCHAR NOT NULL,
    quantity DECIMAL(18, 3),
    unit VARCHAR,
    amount DECIMAL(18, 10) NOT NULL,     -- BilledCost, 10 decimals: FOCUS files carry up to 11
    currency VARCHAR NOT NULL,           -- BillingCurrency, or EUR when converted at --fx
    cost_centre VARCHAR,                 -- SubAccount mapped to a centre (--cost-centre-map)
    service_category VARCHAR,            -- FOCUS ServiceCategory
    service_name VARCHAR,                -- FOCUS ServiceName
    sub_account VARCHAR,                 -- FOCUS SubAccountName
    effective_amount DECIMAL(18, 10)     -- FOCUS EffectiveCost
);

INSERT INTO cloud_charges
SELECT org_id, invoice_month, category, description, quantity, unit, amount, currency, cost_centre,
       service_category, service_name, sub_account, effective_amount
FROM charges WHERE source = 'focus'
ORDER BY org_id, invoice_month;

CREATE TABLE charges_v6 (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,         -- first day of the month
    subscription_id VARCHAR,             -- NULL for an organisation-level charge
    category charge_category NOT NULL,
    description VARCHAR NOT NULL,
    quantity DECIMAL(18, 3),
    unit VARCHAR,
    amount DECIMAL(18, 10) NOT NULL,     -- 10 decimals: FOCUS files carry up to 11
    currency VARCHAR NOT NULL DEFAULT 'EUR',
    country VARCHAR,                     -- ISO 3166 alpha-2 for roaming lines
    cost_centre VARCHAR,                 -- for organisation-level lines booked to a centre
    source VARCHAR NOT NULL DEFAULT 'native',  -- native | focus | demo
    -- copies of subscriptions.cost_centre / service_type / plan (migration 0003)
    sub_cost_centre VARCHAR,
    sub_service_type service_type,
    sub_plan VARCHAR
);

INSERT INTO charges_v6
SELECT org_id, invoice_month, subscription_id, category, description, quantity, unit, amount,
       currency, country, cost_centre, source, sub_cost_centre, sub_service_type, sub_plan
FROM charges
ORDER BY org_id, invoice_month, subscription_id;

DROP TABLE charges;
ALTER TABLE charges_v6 RENAME TO charges;
