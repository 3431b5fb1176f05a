-- One fact about the data set: at most one row, the value of $key.
SELECT value FROM dataset_info WHERE key = $key
