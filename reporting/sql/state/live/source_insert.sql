INSERT INTO event_sources (source_id, org_id, name, token_sha256) VALUES (:source_id, :org_id, :name, :token_sha256)
