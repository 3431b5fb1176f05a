-- Charge lines of closed subscriptions in scope for invoice months after the month of their
-- closing date, up to $month_to: one row per subscription, month and category.
SELECT c.subscription_id, c.invoice_month AS month, c.category::VARCHAR AS category,
       sum(c.amount)::DOUBLE AS amount
FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs) c
JOIN subscriptions s ON s.org_id = c.org_id AND s.subscription_id = c.subscription_id
WHERE s.closed_on IS NOT NULL
  AND c.invoice_month > date_trunc('month', s.closed_on)
  AND c.invoice_month <= $month_to::DATE
  AND c.currency = 'EUR'
GROUP BY ALL
ORDER BY c.subscription_id, month, category
