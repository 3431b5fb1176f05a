-- Before the batch's usage_monthly of organisation $org are loaded (spark/load_usage_monthly): its rows of
-- the months $months go.
DELETE FROM usage_monthly WHERE org_id = $org AND list_contains($months::DATE[], month)
