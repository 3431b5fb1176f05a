-- Shared first CTE of every cost report: the invoice lines the scope may see that match the
-- standard filters. One row per charge line (EUR only); amount exactly as stored: every total
-- is the exact sum of its lines, rounded once to the cent where the report returns it
-- (reporting/costs/reports.py, money_select; docs/reports.md, "The rounding rule").
-- Filters (NULL / *_all TRUE = no filter): $month_from, $month_to (first of month),
-- $f_cc_all/$f_ccs (cost centres, sub-centres included), $f_st_all/$f_sts (service types),
-- $f_plan_all/$f_plans (plans), $f_sub (one subscription).
lines AS NOT MATERIALIZED (
    SELECT c.org_id, c.invoice_month, c.invoice_number, c.subscription_id,
           c.category::VARCHAR AS category, c.description, c.quantity, c.unit,
           c.amount, c.country,
           c.booked_cost_centre AS cost_centre,
           c.service_type::VARCHAR AS service_type, c.plan,
           c.category AS category_enum, c.service_type AS service_type_enum  -- cheaper to group and compare
    FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs) c
    WHERE c.currency = 'EUR'
      AND ($month_from::DATE IS NULL OR c.invoice_month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR c.invoice_month <= $month_to::DATE)
      -- the chosen centres with their sub-centres as one list, computed once: with no
      -- cost-centre filter the condition folds away (an IN subquery would leave a join per line)
      AND ($f_cc_all OR list_contains(
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            c.booked_cost_centre))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], c.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], c.plan))
      AND ($f_sub::VARCHAR IS NULL OR c.subscription_id = $f_sub::VARCHAR)
)
