-- costs-trend: one row per invoice month, charge category and service type (NULL service type
-- = organisation-level lines), for the stacked trend charts.
-- Grouped by the ENUM columns, named as text afterwards (cheaper over millions of lines).
SELECT month, category_enum::VARCHAR AS category, service_type_enum::VARCHAR AS service_type, amount
FROM (SELECT invoice_month AS month, category_enum, service_type_enum, sum(amount) AS amount
      FROM lines GROUP BY ALL)
ORDER BY month, category, service_type NULLS LAST
