-- The operator's own costs (EUR invoice lines that are not FOCUS lines) beside the cloud
-- costs in EUR (FOCUS lines in EUR, and those in another currency whose month has a rate),
-- by month; cloud lines without a rate are in cloud_not_converted (by currency, other rows).
WITH own AS (
    SELECT invoice_month AS month, sum(amount) AS operator_amount
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
    WHERE currency = 'EUR' AND source <> 'focus'
      AND ($month_from::DATE IS NULL OR invoice_month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR invoice_month <= $month_to::DATE)
      AND ($f_cc_all OR list_contains(
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            booked_cost_centre))
    GROUP BY 1
), cloud AS (
    SELECT invoice_month AS month, CAST(sum(billed_amount * eur_rate) AS DECIMAL(38, 10)) AS cloud_amount_eur
    FROM cloud_lines GROUP BY 1
)
SELECT coalesce(o.month, c.month) AS month, coalesce(o.operator_amount, 0) AS operator_amount,
       coalesce(c.cloud_amount_eur, 0) AS cloud_amount_eur,
       coalesce(o.operator_amount, 0) + coalesce(c.cloud_amount_eur, 0) AS total_amount
FROM own o FULL JOIN cloud c ON c.month = o.month
ORDER BY 1
