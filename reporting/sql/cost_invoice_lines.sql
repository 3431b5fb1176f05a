-- invoice-lines: the invoice lines themselves, one row per charge line.
SELECT invoice_month, invoice_number, subscription_id, user_name, cost_centre, service_type,
       category, description, quantity, unit, country, amount
FROM lines
ORDER BY invoice_month, subscription_id NULLS FIRST, category, description
