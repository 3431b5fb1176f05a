-- Spark SQL (the batch, reporting/spark/job.py): one invoice per organisation, month and
-- currency, the same as reporting/sql/ingest/derive_invoices.sql and the invoice number of
-- reporting/sql/core/views.sql's invoice_number_of. Over the view `charges` of the checked lines.
SELECT org_id, invoice_month,
       upper(org_id) || '-' || date_format(invoice_month, 'yyyyMM')
         || CASE WHEN currency = 'EUR' THEN '' ELSE '-' || currency END AS invoice_number,
       date_add(add_months(invoice_month, 1), 4) AS invoice_date,
       date_add(add_months(invoice_month, 1), 18) AS due_date,
       CAST(sum(amount) AS DECIMAL(28, 10)) AS total_amount, currency
FROM charges
GROUP BY org_id, invoice_month, currency
