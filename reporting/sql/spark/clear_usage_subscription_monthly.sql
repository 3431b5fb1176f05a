-- Before the batch's usage_subscription_monthly of organisation $org are loaded (spark/load_usage_subscription_monthly): its rows of
-- the months $months go.
DELETE FROM usage_subscription_monthly WHERE org_id = $org AND list_contains($months::DATE[], month)
