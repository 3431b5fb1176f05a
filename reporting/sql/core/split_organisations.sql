-- The organisations of a single database file being split into one store each
-- (reporting/core/db/stores.py).
SELECT org_id FROM organisations ORDER BY org_id
