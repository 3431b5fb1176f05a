-- The cloud lines themselves (drill-down), newest day first, at most $limit.
SELECT invoice_month, charge_date, provider, service_category, service_name, sub_account, region,
       cost_centre, focus_category, description, quantity, unit, currency, billed_amount, effective_amount,
       CAST(billed_amount * eur_rate AS DECIMAL(38, 10)) AS billed_eur, invoice_id, billing_account_id, billing_account_type,
       sub_account_type, pricing_currency
FROM cloud_lines
ORDER BY invoice_month DESC, charge_date DESC NULLS LAST, billed_amount DESC, description
LIMIT $limit
