-- The derived optimisation findings' bookkeeping: one row per organisation (migration 0013).
SELECT org_id, month, inputs, rules FROM optimisation_findings_state ORDER BY org_id
