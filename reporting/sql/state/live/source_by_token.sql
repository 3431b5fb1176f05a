SELECT source_id, org_id, name FROM event_sources WHERE token_sha256 = :token_sha256 AND active = 1
