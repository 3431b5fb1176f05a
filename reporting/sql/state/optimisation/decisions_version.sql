-- What changes whenever a decision of the organisation is recorded: the count, the latest id
-- and time. One row. Parameters: :org_id.
SELECT count(*), coalesce(max(id), 0), max(decided_at)
FROM optimisation_decisions
WHERE org_id = :org_id
