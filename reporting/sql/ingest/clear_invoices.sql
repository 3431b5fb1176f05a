-- Remove the organisations' ($org_ids) invoices of the months $months (every month when
-- $all_months) before they are derived again.
DELETE FROM invoices
WHERE list_contains($org_ids::VARCHAR[], org_id)
  AND ($all_months OR list_contains($months::DATE[], invoice_month))
