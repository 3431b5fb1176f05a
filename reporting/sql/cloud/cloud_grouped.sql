-- Cloud costs grouped by one dimension (__DIM__: an allow-listed column of cloud_lines,
-- reporting/cloud/reports.py) and the billing currency. Billed (BilledCost, the invoice) and
-- effective cost (EffectiveCost: amortised, after commitment discounts), exact sums; in EUR
-- the lines whose month has a rate, and the billed amount of those that have none.
SELECT __DIM__ AS __NAME__, currency, count(*) AS lines,
       sum(billed_amount) AS billed_amount,
       sum(effective_amount) AS effective_amount,
       sum(effective_amount) - sum(billed_amount) AS effective_minus_billed,
       CAST(sum(billed_amount * eur_rate) AS DECIMAL(38, 10)) AS billed_eur,
       CAST(sum(effective_amount * eur_rate) AS DECIMAL(38, 10)) AS effective_eur,
       coalesce(sum(billed_amount) FILTER (WHERE eur_rate IS NULL), 0) AS billed_not_converted
FROM cloud_lines
GROUP BY ALL
ORDER BY __ORDER__
