-- cost-deviations, step 1: subscriptions and cost centres (lines booked directly on the
-- centre) whose cost in $month departs from the average of their preceding three months by
-- at least $min_amount euros AND $min_share of that average. The average is over the months
-- among the three in which the entity had lines; at least one such month is required.
-- Run after the lines CTE with month_from = $month - 3 months, month_to = $month.
WITH ent AS (
    SELECT 'subscription' AS level, subscription_id AS entity, invoice_month, sum(amount) AS amount
    FROM lines WHERE subscription_id IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT 'cost_centre', cost_centre, invoice_month, sum(amount)
    FROM lines WHERE cost_centre IS NOT NULL GROUP BY ALL
), agg AS (
    SELECT level, entity,
           coalesce(sum(amount) FILTER (WHERE invoice_month = $month::DATE), 0) AS amount,
           count(*) FILTER (WHERE invoice_month < $month::DATE) AS history_months,
           sum(amount) FILTER (WHERE invoice_month < $month::DATE) AS history_amount
    FROM ent GROUP BY level, entity
), avgd AS (
    SELECT level, entity, amount, history_months,
           round(history_amount / history_months, 2) AS avg_prev_3
    FROM agg WHERE history_months > 0
)
SELECT level, entity, amount::DOUBLE AS amount, avg_prev_3::DOUBLE AS avg_prev_3, history_months,
       (amount - avg_prev_3)::DOUBLE AS change_amount,
       CASE WHEN avg_prev_3 <> 0 THEN ((amount - avg_prev_3) / abs(avg_prev_3))::DOUBLE END AS change_share
FROM avgd
WHERE abs(amount - avg_prev_3) >= $min_amount
  AND (avg_prev_3 = 0 OR abs(amount - avg_prev_3) >= $min_share * abs(avg_prev_3))
ORDER BY abs(amount - avg_prev_3) DESC, level DESC, entity
