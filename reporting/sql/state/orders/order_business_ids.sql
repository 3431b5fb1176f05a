-- Business ID -> org id of every order, oldest first (a later order's mapping wins).
SELECT business_id, org_id FROM orders ORDER BY created_at
