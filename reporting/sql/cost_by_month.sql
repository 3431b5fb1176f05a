-- costs-by-month: one row per invoice month, the amount by charge category and in total.
SELECT invoice_month AS month,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'monthly_fee'), 0) AS monthly_fee,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'usage'), 0) AS usage,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'roaming'), 0) AS roaming,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'one_time'), 0) AS one_time,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'discount'), 0) AS discount,
       coalesce(sum(amount) FILTER (WHERE category_enum = 'service'), 0) AS service,
       sum(amount) AS amount
FROM lines
GROUP BY invoice_month
ORDER BY invoice_month
