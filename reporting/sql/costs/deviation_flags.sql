-- cost-deviations: subscriptions and cost centres (lines booked directly on the centre) whose
-- cost in $month departs from the average of their preceding three months by at least
-- $min_amount euros AND $min_share of that average. The average is over the months among the
-- three in which the entity had lines; at least one such month is required.
-- For each flagged entity, its drivers: the lines grouped by charge category, kind (the unit
-- for usage and roaming, the description for one-off charges) and country, compared with the
-- same group's average. Up to two drivers moving in the deviation's direction are returned,
-- largest first; the second only when it carries a tenth of the change.
-- One row per (flagged entity, driver); driver_rank NULL when no group moved that way.
-- $limit keeps the largest changes only (the cost overview's list); NULL keeps all.
-- Run after the lines CTE with month_from = $month - 3 months, month_to = $month.
WITH per_sub AS (
    -- one pass over the lines, per subscription (a subscription's lines count for one centre)
    -- and per centre for organisation-level lines: the month's amount, the preceding three
    -- months with lines as bits, and their total
    SELECT subscription_id, cost_centre,
           coalesce(sum(amount) FILTER (WHERE invoice_month = $month::DATE), 0) AS amount,
           coalesce(bit_or(1 << date_diff('month', invoice_month, $month::DATE))
                    FILTER (WHERE invoice_month < $month::DATE), 0) AS history_bits,
           sum(amount) FILTER (WHERE invoice_month < $month::DATE) AS history_amount
    FROM lines
    GROUP BY subscription_id, cost_centre
), agg AS (
    SELECT 'subscription' AS level, subscription_id AS entity, amount,
           bit_count(history_bits) AS history_months, history_amount
    FROM per_sub WHERE subscription_id IS NOT NULL
    UNION ALL
    -- a centre: the lines booked on it, its subscriptions' and its own organisation-level ones
    SELECT 'cost_centre', cost_centre, sum(amount), bit_count(bit_or(history_bits)), sum(history_amount)
    FROM per_sub WHERE cost_centre IS NOT NULL GROUP BY cost_centre
), averaged AS (
    -- the average once per entity (restating it in each condition cost more than the scan)
    SELECT level, entity, amount, history_months, round(history_amount / history_months, 2) AS avg_prev_3
    FROM agg
    WHERE history_months > 0
), all_flagged AS (
    SELECT level, entity, amount, history_months, avg_prev_3, amount - avg_prev_3 AS change_amount
    FROM averaged
    WHERE abs(amount - avg_prev_3) >= $min_amount
      AND (avg_prev_3 = 0 OR abs(amount - avg_prev_3) >= $min_share * abs(avg_prev_3))
), flagged AS MATERIALIZED (
    -- $limit (NULL = all): only the largest changes, in the order the result is sorted by
    SELECT * FROM all_flagged ORDER BY abs(change_amount) DESC, level DESC, entity LIMIT $limit
), tagged AS (
    -- the lines of the flagged entities only: each line under its subscription and its centre
    SELECT f.level, f.entity, l.*
    FROM (SELECT *, unnest([{'level': 'subscription', 'entity': subscription_id},
                            {'level': 'cost_centre', 'entity': cost_centre}]) AS k FROM lines
          -- only the flagged entities' lines go on (most lines belong to none)
          WHERE subscription_id IN (SELECT entity FROM flagged WHERE level = 'subscription')
             OR cost_centre IN (SELECT entity FROM flagged WHERE level = 'cost_centre')) l
    JOIN flagged f ON f.level = l.k.level AND f.entity = l.k.entity
), drivers AS (
    SELECT t.level, t.entity, t.category,
           CASE WHEN t.category IN ('roaming', 'usage') THEN t.unit
                WHEN t.category = 'one_time' THEN t.description END AS kind,
           t.country, any_value(t.unit) AS unit,
           coalesce(sum(t.amount) FILTER (WHERE t.invoice_month = $month::DATE), 0) AS amount,
           coalesce(sum(t.amount) FILTER (WHERE t.invoice_month < $month::DATE), 0)
             / any_value(f.history_months) AS avg_prev,
           coalesce(sum(t.quantity) FILTER (WHERE t.invoice_month = $month::DATE), 0) AS quantity,
           any_value(f.change_amount) AS entity_change
    FROM tagged t JOIN flagged f USING (level, entity)
    GROUP BY t.level, t.entity, t.category, kind, t.country
), ranked AS (
    SELECT *, amount - avg_prev AS change,
           row_number() OVER (PARTITION BY level, entity
                              ORDER BY round(sign(entity_change) * (amount - avg_prev), 2) DESC,
                                       category, kind, country) AS driver_rank
    FROM drivers
    WHERE sign(entity_change) * (amount - avg_prev) > 0.005
), kept AS (
    SELECT * FROM ranked
    WHERE driver_rank = 1 OR (driver_rank = 2 AND abs(change) >= 0.1 * abs(entity_change))
)
-- the amounts are exact sums of the lines until here, rounded once to the cent as they leave
SELECT f.level, f.entity, round(f.amount, 2)::DOUBLE AS amount, f.avg_prev_3::DOUBLE AS avg_prev_3,
       (round(f.amount, 2) - f.avg_prev_3)::DOUBLE AS change_amount,
       CASE WHEN f.avg_prev_3 <> 0 THEN (f.change_amount / abs(f.avg_prev_3))::DOUBLE END AS change_share,
       k.driver_rank, k.category, k.kind, k.country, k.unit,
       round(k.change, 2)::DOUBLE AS driver_change, k.quantity::DOUBLE AS driver_quantity,
       s.user_name, CASE WHEN f.level = 'subscription' THEN s.cost_centre ELSE f.entity END AS cost_centre,
       cc.name AS cost_centre_name
FROM flagged f LEFT JOIN kept k USING (level, entity)
LEFT JOIN subscriptions s
  ON f.level = 'subscription' AND s.org_id = $org_id AND s.subscription_id = f.entity
LEFT JOIN cost_centres cc
  ON cc.org_id = $org_id AND cc.code = CASE WHEN f.level = 'subscription' THEN s.cost_centre ELSE f.entity END
ORDER BY abs(f.change_amount) DESC, f.level DESC, f.entity, k.driver_rank
