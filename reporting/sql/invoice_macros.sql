-- The invoice number of an organisation's month and currency, as a temporary macro on the
-- writer's connection: reporting/sql/derive_invoices.sql numbers the invoices with it and the
-- importer stamps new charge lines with it as it inserts them (so deriving the invoices does
-- not have to rewrite every line afterwards).
CREATE OR REPLACE TEMP MACRO inv_number(p_org, p_month, p_currency) AS
    upper(p_org) || '-' || strftime(p_month, '%Y%m')
      || CASE WHEN p_currency = 'EUR' THEN '' ELSE '-' || p_currency END;
