-- Set one fact about the data set, $key to $value, only when it has no value yet.
INSERT OR IGNORE INTO dataset_info VALUES ($key, $value)
