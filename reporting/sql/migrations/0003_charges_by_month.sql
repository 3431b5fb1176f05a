-- Charge lines carry a copy of their subscription's cost centre, service type and plan, and are
-- stored in month order; the invoice number is no longer stored on every line.
--
-- Why: every cost report grouped the lines by an attribute of their subscription, so each one
-- joined the whole charges table to subscriptions on a text key; that join was most of every
-- report's time. With the attributes on the line a report reads one table, and month order
-- lets a report of a few months skip the rest. Every write transaction brings the copies back
-- in step with subscriptions before it commits (reporting/sql/stamp_charges.sql, run by
-- reporting/db.py), so no loader can leave them stale.
-- The invoice number is a function of (organisation, month, currency): views.sql computes it
-- with invoice_number_of(); storing it cost a wide text column on every line.
CREATE TABLE charges_v3 (
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
    cost_centre VARCHAR,                 -- for organisation-level lines booked to a centre (FOCUS)
    service_category VARCHAR,            -- FOCUS ServiceCategory
    service_name VARCHAR,                -- FOCUS ServiceName
    sub_account VARCHAR,                 -- FOCUS SubAccountName
    effective_amount DECIMAL(18, 10),    -- FOCUS EffectiveCost
    source VARCHAR NOT NULL DEFAULT 'native',  -- native | focus | demo
    -- copies of subscriptions.cost_centre / service_type / plan; NULL for organisation-level lines
    sub_cost_centre VARCHAR,
    sub_service_type service_type,
    sub_plan VARCHAR
);

INSERT INTO charges_v3
SELECT c.org_id, c.invoice_month, c.subscription_id, c.category, c.description, c.quantity, c.unit,
       c.amount, c.currency, c.country, c.cost_centre, c.service_category, c.service_name,
       c.sub_account, c.effective_amount, c.source, s.cost_centre, s.service_type, s.plan
FROM charges c
LEFT JOIN subscriptions s ON s.org_id = c.org_id AND s.subscription_id = c.subscription_id
ORDER BY c.org_id, c.invoice_month, c.subscription_id;

DROP TABLE charges;
ALTER TABLE charges_v3 RENAME TO charges;
