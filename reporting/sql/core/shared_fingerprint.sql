-- One row that changes when a table shared by every organisation changes: the plan catalogue
-- and the data set's own facts (dataset_info), except the bookkeeping every write rewrites
-- (the time of the last import, the schema fingerprint: a schema change bumps everything
-- anyway). The write transaction compares it before and after to know whether the global
-- data version changes.
SELECT (SELECT count(*) FROM plans), (SELECT sum(hash(p)) FROM plans p),
       (SELECT count(*) FROM dataset_info WHERE key NOT IN ('last_import', 'schema_fingerprint')),
       (SELECT sum(hash(key, value)) FROM dataset_info WHERE key NOT IN ('last_import', 'schema_fingerprint'))
