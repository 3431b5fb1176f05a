-- costs-by-month: one row per invoice month, the amount by charge category and in total.
SELECT invoice_month AS month,
       coalesce(sum(monthly_fee), 0) AS monthly_fee,
       coalesce(sum(usage), 0) AS usage,
       coalesce(sum(roaming), 0) AS roaming,
       coalesce(sum(one_time), 0) AS one_time,
       coalesce(sum(discount), 0) AS discount,
       coalesce(sum(service), 0) AS service,
       sum(amount) AS amount
FROM monthly
GROUP BY invoice_month
ORDER BY invoice_month
