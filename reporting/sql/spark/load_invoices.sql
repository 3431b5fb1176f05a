-- The batch's invoices of organisation $org for the batch's months (Parquet files $files).
INSERT INTO invoices
SELECT org_id, invoice_month, invoice_number, invoice_date, due_date, total_amount, currency
FROM read_parquet($files::VARCHAR[])
WHERE org_id = $org
