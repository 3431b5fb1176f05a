-- Record that one organisation's optimisation findings are derived (migration 0013).
INSERT INTO optimisation_findings_state VALUES ($org_id, $month::DATE, $inputs, $rules)
