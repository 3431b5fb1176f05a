-- The organisations of a single database file being split into one store each
-- (reporting/core/db/stores.py), with their lines (charges and daily usage), which choose the
-- storage block size of their store.
SELECT o.org_id,
       (SELECT count(*) FROM charges c WHERE c.org_id = o.org_id)
       + (SELECT count(*) FROM usage_daily u WHERE u.org_id = o.org_id) AS lines
FROM organisations o
ORDER BY o.org_id
