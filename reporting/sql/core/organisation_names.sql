-- Every organisation's name by its id: a page shows the name where it holds an id
-- (reporting.ui.loaders.organisation_names).
SELECT org_id, name FROM organisations ORDER BY name
