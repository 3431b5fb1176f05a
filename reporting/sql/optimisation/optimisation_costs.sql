-- Recurring cost (monthly fees, usage and roaming charges) of the listed subscriptions in
-- scope per invoice month, for the follow-up of decisions: one row per subscription and month.
SELECT subscription_id, invoice_month AS month, sum(amount)::DOUBLE AS recurring_cost
FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
WHERE list_contains($sub_ids::VARCHAR[], subscription_id)
  AND category IN ('monthly_fee', 'usage', 'roaming')
  AND currency = 'EUR'
  AND invoice_month <= $month_to::DATE
GROUP BY ALL
ORDER BY subscription_id, month
