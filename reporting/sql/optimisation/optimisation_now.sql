-- The optimisation rules' "now": the latest complete invoiced month of the organisation.
-- A month is complete when it ended before the data set's own "now" (dataset_info 'now');
-- without that fact every invoiced month counts as complete. One row, NULL when no charges.
SELECT max(invoice_month) AS month
FROM charges
WHERE org_id = $org_id
  AND last_day(invoice_month) < coalesce(
        (SELECT CAST(value AS TIMESTAMP)::DATE FROM dataset_info WHERE key = 'now'),
        DATE '9999-12-31')
