-- One fact about the demo data set (demo, now, seed, scale, period): $key, $value.
INSERT OR REPLACE INTO dataset_info VALUES ($key, $value)
