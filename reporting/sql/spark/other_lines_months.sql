-- The months of $months in which organisation $org has charge lines the batch does not
-- replace (FOCUS lines): their invoices are derived again from all the month's lines.
SELECT DISTINCT invoice_month FROM charges
WHERE org_id = $org AND source = 'focus' AND list_contains($months::DATE[], invoice_month)
ORDER BY 1
