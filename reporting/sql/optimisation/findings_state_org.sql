-- The derived optimisation findings' bookkeeping row of one organisation (migration 0013).
SELECT month, rules FROM optimisation_findings_state WHERE org_id = $org_id
