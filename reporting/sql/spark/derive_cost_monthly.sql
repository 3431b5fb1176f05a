-- Spark SQL: the monthly cost summary, the same statement as reporting/sql/core/derive_cost_monthly.sql
-- (exact sums; a figure is rounded once where it is shown, migration 0009). Over the view
-- `charges` of the checked lines with their subscription's attributes joined in.
SELECT org_id, invoice_month, currency, cost_centre, service_type, plan,
       CAST(sum(amount) FILTER (WHERE category = 'monthly_fee') AS DECIMAL(38, 10)) AS monthly_fee,
       CAST(sum(amount) FILTER (WHERE category = 'usage') AS DECIMAL(38, 10)) AS usage,
       CAST(sum(amount) FILTER (WHERE category = 'roaming') AS DECIMAL(38, 10)) AS roaming,
       CAST(sum(amount) FILTER (WHERE category = 'one_time') AS DECIMAL(38, 10)) AS one_time,
       CAST(sum(amount) FILTER (WHERE category = 'discount') AS DECIMAL(38, 10)) AS discount,
       CAST(sum(amount) FILTER (WHERE category = 'service') AS DECIMAL(38, 10)) AS service,
       CAST(sum(amount) AS DECIMAL(38, 10)) AS amount, count(*) AS lines
FROM (SELECT org_id, invoice_month, currency, category,
             CASE WHEN subscription_id IS NULL THEN cost_centre ELSE sub_cost_centre END AS cost_centre,
             sub_service_type AS service_type, sub_plan AS plan, amount
      FROM charges) c
GROUP BY org_id, invoice_month, currency, cost_centre, service_type, plan
