-- The organisation of every order, oldest first (a later order's name wins).
SELECT org_id, company_name, business_id FROM orders ORDER BY created_at
