-- The tables every store of a store root holds a copy of (reporting/core/db/stores.py): the
-- operator's plan catalogue and the data set's facts, copied from the store attached
-- read-only as "source" (the catalogue when a tenant store is created, the tenant whose write
-- changed them when they are spread). The schema fingerprint and the time of the last import
-- stay each store's own.
DELETE FROM plans;
INSERT INTO plans BY NAME SELECT * FROM source.plans;
DELETE FROM dataset_info WHERE key NOT IN ('schema_fingerprint', 'last_import');
INSERT INTO dataset_info BY NAME
SELECT * FROM source.dataset_info WHERE key NOT IN ('schema_fingerprint', 'last_import');
