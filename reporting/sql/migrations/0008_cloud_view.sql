-- Issue 15: the cloud-costs view. cloud_charges keeps the FOCUS fields the view groups and
-- filters by (provider, region, the charge's day, the FOCUS charge category as written) and
-- the FOCUS 1.1/1.2 fields that identify an invoice and an account (InvoiceId, billing
-- account, account types, PricingCurrency). Lines imported before this migration keep them
-- empty except the provider, which their description begins with ("AWS: ...").
ALTER TABLE cloud_charges ADD COLUMN provider VARCHAR;             -- FOCUS ProviderName
ALTER TABLE cloud_charges ADD COLUMN focus_category VARCHAR;       -- FOCUS ChargeCategory as in the file
ALTER TABLE cloud_charges ADD COLUMN region VARCHAR;               -- RegionName, else RegionId
ALTER TABLE cloud_charges ADD COLUMN charge_date DATE;             -- day of ChargePeriodStart
ALTER TABLE cloud_charges ADD COLUMN invoice_id VARCHAR;           -- FOCUS 1.2 InvoiceId
ALTER TABLE cloud_charges ADD COLUMN billing_account_id VARCHAR;   -- BillingAccountId
ALTER TABLE cloud_charges ADD COLUMN billing_account_name VARCHAR; -- BillingAccountName
ALTER TABLE cloud_charges ADD COLUMN billing_account_type VARCHAR; -- FOCUS 1.2 BillingAccountType
ALTER TABLE cloud_charges ADD COLUMN sub_account_id VARCHAR;       -- SubAccountId
ALTER TABLE cloud_charges ADD COLUMN sub_account_type VARCHAR;     -- FOCUS 1.2 SubAccountType
ALTER TABLE cloud_charges ADD COLUMN pricing_currency VARCHAR;     -- FOCUS 1.2 PricingCurrency
ALTER TABLE cloud_charges ADD COLUMN billed_currency VARCHAR;      -- BillingCurrency as billed (before --fx)

UPDATE cloud_charges SET provider = nullif(split_part(description, ': ', 1), description),
                         billed_currency = currency;

-- Exchange rates a user gives per organisation, currency and month: EUR per one unit.
-- Reports convert a line of that month and currency to EUR with it, beside the amount in its
-- billing currency; a month without a rate is not converted (and says so).
CREATE TABLE fx_rates (
    org_id VARCHAR NOT NULL,
    currency VARCHAR NOT NULL,           -- ISO 4217, upper case, not EUR
    month DATE NOT NULL,                 -- first day of the month
    eur_per_unit DECIMAL(18, 10) NOT NULL,
    PRIMARY KEY (org_id, currency, month)
);

-- Sub-account -> cost centre, per organisation: from the import's --cost-centre-map and the
-- mapping page. A FOCUS import and a change of the mapping apply it to cloud_charges and to the
-- FOCUS lines in charges (reporting/cloud/mapping.py), so cloud costs roll up in the
-- cost-centre hierarchy with the telecom costs.
CREATE TABLE sub_account_cost_centres (
    org_id VARCHAR NOT NULL,
    sub_account VARCHAR NOT NULL,
    cost_centre VARCHAR NOT NULL,
    PRIMARY KEY (org_id, sub_account)
);
