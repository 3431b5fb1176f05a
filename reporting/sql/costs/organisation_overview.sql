-- Every organisation and its headline figures in euros (issue 20: the operator's view across
-- organisations), from org_summary (migration 0015). On a store root the catalogue holds every
-- tenant's rows of it, so this reads a row per organisation and month and none of any
-- tenant's lines; on a single file the same table, derived by every write. Exact sums here:
-- the caller rounds once (reporting/core/money.py rounded_sql).
WITH months AS (
    SELECT org_id, invoice_month, sum(amount) AS amount, sum(lines) AS lines
    FROM org_summary WHERE currency = 'EUR'
    GROUP BY org_id, invoice_month
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY org_id ORDER BY invoice_month DESC) AS rk,
           count(*) OVER (PARTITION BY org_id) AS months
    FROM months
)
SELECT o.org_id, o.name, o.business_id,
       l.invoice_month AS last_month,
       l.amount AS cost_last_month,
       p.amount AS cost_prev_month,
       CASE WHEN p.amount <> 0 THEN CAST((l.amount - p.amount) / abs(p.amount) AS DOUBLE) END
           AS change_prev_month,
       l.lines AS lines_last_month,
       coalesce(l.months, 0) AS months
FROM organisations o
LEFT JOIN ranked l ON l.org_id = o.org_id AND l.rk = 1
LEFT JOIN ranked p ON p.org_id = o.org_id AND p.rk = 2
                  AND p.invoice_month = CAST(l.invoice_month - INTERVAL 1 MONTH AS DATE)
ORDER BY l.amount DESC NULLS LAST, o.name, o.org_id
