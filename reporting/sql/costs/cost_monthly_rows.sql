-- The `monthly` CTE of the cost reports read from the summary (reporting/reports/costs.py uses
-- it when the scope is not limited to listed subscriptions and no single subscription is asked
-- for): the scope's rows of cost_monthly matching the standard filters, EUR only. The same
-- filters as cost_lines.sql, on the same centre, service type and plan, so it equals
-- cost_monthly_from_lines.sql (tests/test_cost_summary.py compares them). Always follows the
-- lines CTE (cost_lines.sql), which a report may read for what the summary lacks.
monthly AS NOT MATERIALIZED (
    SELECT m.invoice_month, m.cost_centre, m.service_type::VARCHAR AS service_type,
           m.service_type AS service_type_enum, m.plan, m.monthly_fee, m.usage, m.roaming,
           m.one_time, m.discount, m.service, m.amount
    FROM scoped_cost_monthly($org_id, $cc_all, $ccs, $sub_all, $subs) m
    WHERE m.currency = 'EUR'
      AND ($month_from::DATE IS NULL OR m.invoice_month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR m.invoice_month <= $month_to::DATE)
      AND ($f_cc_all OR list_contains(
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            m.cost_centre))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], m.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], m.plan))
)
