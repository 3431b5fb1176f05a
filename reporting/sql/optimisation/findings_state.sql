-- The derived optimisation findings' bookkeeping: one row per organisation (migration 0013).
SELECT org_id, month, inputs AS version, rules FROM optimisation_findings_state ORDER BY org_id
