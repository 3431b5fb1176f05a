-- Core analytical schema. Grain and meaning of each table: docs/data-model.md.
-- Closed vocabularies are ENUM types: compact, fast, and a bad value cannot be stored.
CREATE TYPE service_type AS ENUM ('mobile_voice', 'mobile_broadband', 'm2m', 'fixed_voice', 'other');
CREATE TYPE charge_category AS ENUM ('monthly_fee', 'usage', 'roaming', 'one_time', 'discount', 'service');
CREATE TYPE usage_type AS ENUM ('voice_min', 'sms', 'mms', 'data_mb');
CREATE TYPE service_status AS ENUM ('operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance');
CREATE TYPE ticket_priority AS ENUM ('P1', 'P2', 'P3', 'P4');
CREATE TYPE ticket_status AS ENUM ('open', 'in_progress', 'resolved', 'closed');

-- Key/value facts about the loaded data set: 'demo' ('true'/'false'), 'now' (the data's "now",
-- an ISO timestamp), 'generated_at', 'seed', 'scale'.
CREATE TABLE dataset_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE organisations (
    org_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    business_id VARCHAR NOT NULL,        -- Finnish Y-tunnus 1234567-8, check digit valid
    sector VARCHAR
);

CREATE TABLE cost_centres (
    org_id VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    parent_code VARCHAR,                 -- NULL for a top-level cost centre
    PRIMARY KEY (org_id, code)
);

-- The operator's product catalogue. NULL allowance = unlimited; 0 = none included.
CREATE TABLE plans (
    plan VARCHAR PRIMARY KEY,
    service_type service_type NOT NULL,
    monthly_fee DECIMAL(12, 2) NOT NULL,
    data_gb DECIMAL(10, 2),
    voice_min INTEGER,
    sms INTEGER,
    data_overage_per_gb DECIMAL(12, 4) NOT NULL DEFAULT 0,
    voice_per_min DECIMAL(12, 4) NOT NULL DEFAULT 0,
    sms_each DECIMAL(12, 4) NOT NULL DEFAULT 0
);

CREATE TABLE subscriptions (
    org_id VARCHAR NOT NULL,
    subscription_id VARCHAR NOT NULL,
    phone_number VARCHAR,                -- E.164, e.g. +358401234567
    user_name VARCHAR,
    cost_centre VARCHAR,                 -- cost_centres.code in the same organisation
    plan VARCHAR,                        -- plans.plan
    service_type service_type NOT NULL,
    opened_on DATE NOT NULL,
    closed_on DATE,                      -- NULL while open; the last day of service
    PRIMARY KEY (org_id, subscription_id)
);

-- One invoice per organisation per month; total_amount = sum of its charge lines.
CREATE TABLE invoices (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,         -- first day of the month
    invoice_number VARCHAR NOT NULL,
    invoice_date DATE NOT NULL,
    due_date DATE NOT NULL,
    total_amount DECIMAL(28, 10) NOT NULL,
    currency VARCHAR NOT NULL DEFAULT 'EUR',
    PRIMARY KEY (org_id, invoice_month, currency)
);

-- Invoice lines. amount is VAT 0 %, negative for discounts and credits.
CREATE TABLE charges (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,         -- first day of the month
    invoice_number VARCHAR,
    subscription_id VARCHAR,             -- NULL for an organisation-level charge
    category charge_category NOT NULL,
    description VARCHAR NOT NULL,
    quantity DECIMAL(18, 3),
    unit VARCHAR,
    amount DECIMAL(18, 10) NOT NULL,     -- 10 decimals: FOCUS files carry up to 11
    currency VARCHAR NOT NULL DEFAULT 'EUR',
    country VARCHAR,                     -- ISO 3166 alpha-2 for roaming lines
    cost_centre VARCHAR,                 -- for organisation-level lines booked to a centre (FOCUS)
    service_category VARCHAR,            -- FOCUS ServiceCategory
    service_name VARCHAR,                -- FOCUS ServiceName
    sub_account VARCHAR,                 -- FOCUS SubAccountName
    effective_amount DECIMAL(18, 10),    -- FOCUS EffectiveCost
    source VARCHAR NOT NULL DEFAULT 'native'   -- native | focus | demo
);

-- One row per subscription, day, usage type and country.
CREATE TABLE usage_daily (
    org_id VARCHAR NOT NULL,
    subscription_id VARCHAR NOT NULL,
    usage_date DATE NOT NULL,
    usage_type usage_type NOT NULL,
    quantity DECIMAL(18, 3) NOT NULL,    -- minutes, messages or MB
    country VARCHAR NOT NULL DEFAULT 'FI',
    amount DECIMAL(18, 4)                -- charged separately (roaming, overage); NULL when included
);

-- Derived from usage_daily by the loader: one row per subscription, month, usage type and country.
CREATE TABLE usage_monthly (
    org_id VARCHAR NOT NULL,
    subscription_id VARCHAR NOT NULL,
    month DATE NOT NULL,
    usage_type usage_type NOT NULL,
    country VARCHAR NOT NULL,
    quantity DECIMAL(18, 3) NOT NULL,
    amount DECIMAL(18, 4),
    active_days INTEGER NOT NULL,
    last_usage_date DATE NOT NULL
);

CREATE TABLE services (
    org_id VARCHAR NOT NULL,
    service_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,           -- mobile, network, workstations, data_centre, cloud, contact_centre ...
    sla_availability_pct DECIMAL(6, 3) NOT NULL,
    response_p1_h DECIMAL(8, 2), response_p2_h DECIMAL(8, 2),
    response_p3_h DECIMAL(8, 2), response_p4_h DECIMAL(8, 2),
    resolve_p1_h DECIMAL(8, 2), resolve_p2_h DECIMAL(8, 2),
    resolve_p3_h DECIMAL(8, 2), resolve_p4_h DECIMAL(8, 2),
    PRIMARY KEY (org_id, service_id)
);

CREATE TABLE service_events (
    org_id VARCHAR NOT NULL,
    service_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    starts_at TIMESTAMP NOT NULL,        -- local time, Europe/Helsinki
    ends_at TIMESTAMP,                   -- NULL while ongoing
    status service_status NOT NULL,
    title VARCHAR NOT NULL,
    PRIMARY KEY (org_id, event_id)
);

CREATE TABLE tickets (
    org_id VARCHAR NOT NULL,
    ticket_id VARCHAR NOT NULL,
    service_id VARCHAR NOT NULL,
    priority ticket_priority NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    first_response_at TIMESTAMP,
    resolved_at TIMESTAMP,
    status ticket_status NOT NULL,
    subject VARCHAR NOT NULL,
    PRIMARY KEY (org_id, ticket_id)
);
