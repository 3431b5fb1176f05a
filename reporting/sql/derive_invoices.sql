-- One invoice per organisation, month and currency; its total is the sum of its lines.
INSERT INTO invoices
SELECT org_id, invoice_month,
       upper(org_id) || '-' || strftime(invoice_month, '%Y%m')
         || CASE WHEN currency = 'EUR' THEN '' ELSE '-' || currency END AS invoice_number,
       (invoice_month + INTERVAL 1 MONTH + INTERVAL 4 DAY)::DATE AS invoice_date,
       (invoice_month + INTERVAL 1 MONTH + INTERVAL 18 DAY)::DATE AS due_date,
       sum(amount) AS total_amount, currency
FROM charges
WHERE list_contains($org_ids::VARCHAR[], org_id)
GROUP BY org_id, invoice_month, currency
