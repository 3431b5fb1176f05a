-- Drop one organisation's bookkeeping row of the derived optimisation findings (migration 0013).
DELETE FROM optimisation_findings_state WHERE org_id = $org_id
