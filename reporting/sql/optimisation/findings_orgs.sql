-- The organisations whose optimisation findings the write transaction keeps derived.
SELECT org_id FROM organisations ORDER BY org_id
