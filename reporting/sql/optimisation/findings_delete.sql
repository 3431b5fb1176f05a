-- Drop one organisation's derived optimisation findings (migration 0013).
DELETE FROM optimisation_findings WHERE org_id = $org_id
