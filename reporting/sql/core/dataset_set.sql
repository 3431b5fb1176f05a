-- Set one fact about the data set: $key to $value, replacing what was there.
INSERT OR REPLACE INTO dataset_info VALUES ($key, $value)
