-- The batch's charge lines of organisation $org (Parquet files $files, reporting/spark/job.py)
-- replace its native and demo lines of the months of the batch, as an import of the same file
-- does (reporting/ingest/load.py); in month order, the subscription's attributes as the batch
-- joined them.
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity, unit,
                     amount, currency, country, cost_centre, source, sub_cost_centre, sub_service_type, sub_plan)
SELECT org_id, invoice_month, subscription_id, CAST(category AS charge_category), description, quantity,
       unit, amount, currency, country, cost_centre, 'native', sub_cost_centre,
       CAST(sub_service_type AS service_type), sub_plan
FROM read_parquet($files::VARCHAR[])
WHERE org_id = $org
ORDER BY invoice_month
