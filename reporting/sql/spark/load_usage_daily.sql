-- The batch's daily usage of organisation $org replaces its months of the batch (Parquet files
-- $files), sorted by subscription and date as the importer inserts it.
INSERT INTO usage_daily
SELECT org_id, subscription_id, usage_date, CAST(usage_type AS usage_type), quantity, country, amount
FROM read_parquet($files::VARCHAR[])
WHERE org_id = $org
ORDER BY subscription_id, usage_date, usage_type, country
