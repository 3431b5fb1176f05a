-- Remove the organisations' ($org_ids) usage by subscription and month before it is derived again.
DELETE FROM usage_subscription_monthly WHERE list_contains($org_ids::VARCHAR[], org_id)
