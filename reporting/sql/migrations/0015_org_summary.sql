-- Each organisation's headline figures per invoiced month (issue 20): what the operator's
-- list of organisations shows. Every write transaction derives it from cost_monthly
-- (reporting/sql/core/derive_org_summary.sql); in a store per organisation
-- (reporting/core/db/stores.py) the catalogue holds a copy of every tenant's rows, published
-- after each write of that tenant, so the operator's cross-organisation view reads a row per
-- organisation and month instead of any tenant's lines.
CREATE TABLE org_summary (
    org_id VARCHAR NOT NULL,
    invoice_month DATE NOT NULL,
    currency VARCHAR NOT NULL,
    amount DECIMAL(38, 10) NOT NULL,     -- exact: rounded where it is shown
    lines BIGINT NOT NULL,
    PRIMARY KEY (org_id, invoice_month, currency)
);
INSERT INTO org_summary
SELECT org_id, invoice_month, currency, sum(amount), sum(lines)
FROM cost_monthly GROUP BY org_id, invoice_month, currency;
