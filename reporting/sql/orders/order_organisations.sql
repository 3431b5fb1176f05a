-- Organisations in the analytical data with their business IDs: an order for a business ID
-- that is already a customer lands in that organisation (reporting.orders.known_organisations).
SELECT org_id, name, business_id FROM organisations ORDER BY org_id
