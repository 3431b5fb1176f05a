-- Before the batch's charges of organisation $org are loaded (spark/load_charges): its rows of
-- the months $months go.
DELETE FROM charges WHERE org_id = $org AND list_contains(['native', 'demo'], source)
  AND list_contains($months::DATE[], invoice_month)
