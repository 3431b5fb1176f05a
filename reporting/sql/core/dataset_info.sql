-- Every fact about the data set (schema fingerprint, demo, now, seed, last import ...): one
-- row per key.
SELECT key, value FROM dataset_info
