-- Remove the organisations' ($org_ids) monthly usage before it is derived again.
DELETE FROM usage_monthly WHERE list_contains($org_ids::VARCHAR[], org_id)
