-- Before the batch's usage_daily of organisation $org are loaded (spark/load_usage_daily): its rows of
-- the months $months go.
DELETE FROM usage_daily WHERE org_id = $org
  AND list_contains($months::DATE[], CAST(date_trunc('month', usage_date) AS DATE))
