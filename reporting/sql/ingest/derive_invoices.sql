-- One invoice per organisation, month and currency; its total is the sum of its lines.
-- $all_months true: every month of the organisations; else only the months in $months.
INSERT INTO invoices
SELECT org_id, invoice_month,
       invoice_number_of(org_id, invoice_month, currency) AS invoice_number,
       (invoice_month + INTERVAL 1 MONTH + INTERVAL 4 DAY)::DATE AS invoice_date,
       (invoice_month + INTERVAL 1 MONTH + INTERVAL 18 DAY)::DATE AS due_date,
       sum(amount) AS total_amount, currency
FROM charges
WHERE list_contains($org_ids::VARCHAR[], org_id)
  AND ($all_months OR list_contains($months::DATE[], invoice_month))
GROUP BY org_id, invoice_month, currency
