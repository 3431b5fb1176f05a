-- Before the batch's invoices of organisation $org are loaded (spark/load_invoices): its rows of
-- the months $months go.
DELETE FROM invoices WHERE org_id = $org AND list_contains($months::DATE[], invoice_month)
