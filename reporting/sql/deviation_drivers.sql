-- cost-deviations, step 2: the lines behind each flagged entity, grouped into drivers
-- (charge category, kind = unit for usage and roaming / description for one-off charges,
-- country), each with its amount in $month, its average over the entity's history months and
-- its quantity in $month. Run after the lines CTE with the same period as step 1.
WITH d AS (
    SELECT 'subscription' AS level, subscription_id AS entity, category,
           CASE WHEN category IN ('roaming', 'usage') THEN unit
                WHEN category = 'one_time' THEN description END AS kind,
           country, unit, invoice_month, amount, quantity
    FROM lines WHERE list_contains($flag_subs::VARCHAR[], subscription_id)
    UNION ALL
    SELECT 'cost_centre', cost_centre, category,
           CASE WHEN category IN ('roaming', 'usage') THEN unit
                WHEN category = 'one_time' THEN description END,
           country, unit, invoice_month, amount, quantity
    FROM lines WHERE list_contains($flag_ccs::VARCHAR[], cost_centre)
), hist AS (
    SELECT level, entity, count(DISTINCT invoice_month) FILTER (WHERE invoice_month < $month::DATE) AS n
    FROM d GROUP BY level, entity
)
SELECT d.level, d.entity, d.category, d.kind, d.country, any_value(d.unit) AS unit,
       coalesce(sum(d.amount) FILTER (WHERE d.invoice_month = $month::DATE), 0)::DOUBLE AS amount,
       (coalesce(sum(d.amount) FILTER (WHERE d.invoice_month < $month::DATE), 0) / greatest(h.n, 1))::DOUBLE AS avg_prev,
       coalesce(sum(d.quantity) FILTER (WHERE d.invoice_month = $month::DATE), 0)::DOUBLE AS quantity
FROM d JOIN hist h USING (level, entity)
GROUP BY d.level, d.entity, d.category, d.kind, d.country, h.n
