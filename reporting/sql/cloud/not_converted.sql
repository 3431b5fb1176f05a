-- Per currency, the invoice lines a scope may see that are not in EUR and whose month has no
-- rate (fx_rates): what every EUR total leaves out, exact sums (rounded once by the report).
SELECT c.currency, count(*) AS lines, sum(c.amount) AS amount
FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs) c
LEFT JOIN fx_rates r ON r.org_id = c.org_id AND r.currency = c.currency AND r.month = c.invoice_month
WHERE c.currency <> 'EUR' AND r.eur_per_unit IS NULL
  AND ($month_from::DATE IS NULL OR c.invoice_month >= $month_from::DATE)
  AND ($month_to::DATE IS NULL OR c.invoice_month <= $month_to::DATE)
GROUP BY c.currency
ORDER BY c.currency
