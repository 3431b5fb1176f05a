-- The cost centres of one organisation, for granting access (pages/users.py, reporting/users.py).
-- One row per cost centre with its path depth; the grant check accepts only these codes.
SELECT p.code, p.name, p.parent_code, p.depth
FROM cost_centre_paths p
WHERE p.org_id = $org_id
ORDER BY p.code
