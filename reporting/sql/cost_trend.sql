-- costs-trend: one row per invoice month, charge category and service type (NULL service type
-- = organisation-level lines), for the stacked trend charts.
SELECT invoice_month AS month, category, service_type, sum(amount) AS amount
FROM lines
GROUP BY ALL
ORDER BY month, category, service_type NULLS LAST
