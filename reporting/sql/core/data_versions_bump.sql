-- A new data version for the organisations $orgs (and '*' for the global part) changed by the
-- write transaction $version (reporting/core/db/write.py), just before it commits.
INSERT OR REPLACE INTO data_versions (org_id, version, changed_at)
SELECT o, $version, CAST(now() AS TIMESTAMP) FROM unnest(CAST($orgs AS VARCHAR[])) AS t(o)
