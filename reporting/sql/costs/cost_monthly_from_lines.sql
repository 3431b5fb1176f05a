-- The `monthly` CTE of the cost reports computed from the lines, for what cost_monthly cannot
-- answer (a scope limited to listed subscriptions, or one subscription asked for): the same
-- columns and grain as cost_monthly_rows.sql, each category's amount NULL where the group has
-- no line of it. Always follows the lines CTE (cost_lines.sql).
monthly AS NOT MATERIALIZED (
    SELECT invoice_month, cost_centre, service_type, service_type_enum, plan,
           sum(amount) FILTER (WHERE category_enum = 'monthly_fee') AS monthly_fee,
           sum(amount) FILTER (WHERE category_enum = 'usage') AS usage,
           sum(amount) FILTER (WHERE category_enum = 'roaming') AS roaming,
           sum(amount) FILTER (WHERE category_enum = 'one_time') AS one_time,
           sum(amount) FILTER (WHERE category_enum = 'discount') AS discount,
           sum(amount) FILTER (WHERE category_enum = 'service') AS service,
           sum(amount) AS amount
    FROM lines
    GROUP BY invoice_month, cost_centre, service_type, service_type_enum, plan
)
