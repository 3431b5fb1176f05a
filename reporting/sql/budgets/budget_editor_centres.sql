-- The centres the budget editor lists: every centre of the organisation, in tree order.
SELECT p.code, p.name, p.parent_code, p.depth
FROM cost_centre_paths p WHERE p.org_id = $org_id ORDER BY p.code
