-- costs-trend: one row per invoice month, charge category and service type (NULL service type
-- = organisation-level lines), for the stacked trend charts. A category appears where the
-- month and service type have lines of it: its monthly amount is NULL otherwise, and UNPIVOT
-- drops NULLs.
SELECT month, category, service_type_enum::VARCHAR AS service_type, amount
FROM (SELECT invoice_month AS month, service_type_enum,
             sum(monthly_fee) AS monthly_fee, sum(usage) AS usage, sum(roaming) AS roaming,
             sum(one_time) AS one_time, sum(discount) AS discount, sum(service) AS service
      FROM monthly GROUP BY ALL)
UNPIVOT (amount FOR category IN (monthly_fee, usage, roaming, one_time, discount, service))
ORDER BY month, category, service_type NULLS LAST
