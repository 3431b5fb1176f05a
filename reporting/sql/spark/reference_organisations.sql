-- The organisations a batch may write for (the per-tenant stores that exist).
SELECT org_id FROM organisations ORDER BY org_id
