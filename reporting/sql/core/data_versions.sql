-- Every data version (org_id '*': the global part), read once per file identity
-- (Database.data_version).
SELECT org_id, version FROM data_versions
