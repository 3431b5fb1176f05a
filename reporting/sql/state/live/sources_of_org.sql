SELECT source_id, org_id, name, created_at, active FROM event_sources
WHERE (:org_id IS NULL OR org_id = :org_id) ORDER BY created_at, source_id
