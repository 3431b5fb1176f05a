-- The organisation's cost centre codes (a budget's centre must be one of them).
SELECT code FROM cost_centres WHERE org_id = $org
