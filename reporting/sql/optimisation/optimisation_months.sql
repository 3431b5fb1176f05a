-- Invoiced months the optimisation page offers as "now", newest first (complete months only).
SELECT DISTINCT invoice_month AS month
FROM charges
WHERE org_id = $org_id
  AND last_day(invoice_month) < coalesce(
        (SELECT CAST(value AS TIMESTAMP)::DATE FROM dataset_info WHERE key = 'now'),
        DATE '9999-12-31')
ORDER BY month DESC
