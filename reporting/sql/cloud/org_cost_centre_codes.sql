-- The codes of an organisation's cost centres (a mapping may name only these).
SELECT code FROM cost_centres WHERE org_id = $org;
