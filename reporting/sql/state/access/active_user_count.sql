-- How many active accounts the organisation has (operators excluded). One row.
-- Parameters: :org_id.
SELECT count(*) FROM accounts WHERE org_id = :org_id AND active = 1 AND role <> 'operator'
