-- The invoice lines a scope may see that are not in EUR (every EUR cost report leaves them
-- out), by month and currency, exact sums, with the month's rate and the EUR value where a
-- rate is given (fx_rates).
SELECT c.invoice_month AS month, c.currency, count(*) AS lines, sum(c.amount) AS amount,
       any_value(r.eur_per_unit) AS eur_rate,
       CAST(sum(c.amount * r.eur_per_unit) AS DECIMAL(38, 10)) AS amount_eur
FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs) c
LEFT JOIN fx_rates r ON r.org_id = c.org_id AND r.currency = c.currency AND r.month = c.invoice_month
WHERE c.currency <> 'EUR'
  AND ($month_from::DATE IS NULL OR c.invoice_month >= $month_from::DATE)
  AND ($month_to::DATE IS NULL OR c.invoice_month <= $month_to::DATE)
GROUP BY ALL
ORDER BY month, currency
