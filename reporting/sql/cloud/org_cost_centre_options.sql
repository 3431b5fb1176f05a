-- An organisation's cost centres (code, name) a sub-account may be mapped to.
SELECT code, name FROM cost_centres WHERE org_id = $org ORDER BY code;
