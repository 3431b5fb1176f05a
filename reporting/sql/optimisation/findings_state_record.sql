-- Record that one organisation's optimisation findings are derived (migration 0013); the
-- column "inputs" holds the data version of the write that derived them (the write declared the
-- organisation, or was global, or found no rows or rows of other rules).
INSERT INTO optimisation_findings_state VALUES ($org_id, $month::DATE, $version, $rules)
