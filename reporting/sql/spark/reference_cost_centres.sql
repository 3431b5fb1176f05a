-- Every organisation's cost centre codes: the batch's reference for the charges' cost_centre.
SELECT org_id, code FROM cost_centres ORDER BY org_id, code
