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
), exact AS (
    SELECT coalesce(o.month, c.month) AS month, coalesce(o.operator_amount, 0) AS op,
           coalesce(c.cloud_amount_eur, 0) AS cl
    FROM own o FULL JOIN cloud c ON c.month = o.month
), floored AS (
    SELECT *, floor(op * 100) * 0.01 AS op_floor, floor(cl * 100) * 0.01 AS cl_floor, round(op + cl, 2) AS total
    FROM exact
), shared AS (
    SELECT *, ((total - op_floor - cl_floor) * 100)::INTEGER AS units FROM floored
)
-- the month's total is the exact sum rounded once; the two parts add up to it, the cents still
-- missing after rounding both down going to the larger remainder (the operator's on a tie):
-- the largest-remainder rule of the cost tables (docs/reports.md, "The rounding rule")
SELECT month,
       op_floor + CASE WHEN units = 2 OR (units = 1 AND op - op_floor >= cl - cl_floor) THEN 0.01 ELSE 0 END
           AS operator_amount,
       cl_floor + CASE WHEN units = 2 OR (units = 1 AND op - op_floor < cl - cl_floor) THEN 0.01 ELSE 0 END
           AS cloud_amount_eur,
       total AS total_amount
FROM shared
ORDER BY 1
