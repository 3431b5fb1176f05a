-- Shared first CTE of every cloud report: the FOCUS lines the scope may see that match the
-- filters, amounts exactly as stored (rounded once, where shown), with the month's exchange
-- rate to EUR where one is given (fx_rates; 1 for EUR lines, NULL when no rate).
-- Filters (NULL = none): $month_from, $month_to (first of month), $f_provider,
-- $f_service_category, $f_service, $f_sub_account, $f_region, $f_day (a date),
-- $f_cc_all/$f_ccs (cost centres the lines are booked to, sub-centres included).
cloud_lines AS (
    SELECT c.org_id, c.invoice_month, c.charge_date, c.provider, c.focus_category,
           c.category::VARCHAR AS category, c.service_category, c.service_name, c.sub_account,
           c.sub_account_id, c.region, c.cost_centre, c.description, c.quantity, c.unit, c.currency,
           c.amount AS billed_amount, c.effective_amount, c.invoice_id, c.billing_account_id,
           c.billing_account_name, c.billing_account_type, c.sub_account_type, c.pricing_currency,
           CASE WHEN c.currency = 'EUR' THEN 1::DECIMAL(18, 10) ELSE r.eur_per_unit END AS eur_rate
    FROM scoped_cloud_charges($org_id, $cc_all, $ccs, $sub_all, $subs) c
    LEFT JOIN fx_rates r ON r.org_id = c.org_id AND r.currency = c.currency AND r.month = c.invoice_month
    WHERE ($month_from::DATE IS NULL OR c.invoice_month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR c.invoice_month <= $month_to::DATE)
      AND ($f_provider::VARCHAR IS NULL OR c.provider = $f_provider::VARCHAR)
      AND ($f_service_category::VARCHAR IS NULL OR c.service_category = $f_service_category::VARCHAR)
      AND ($f_service::VARCHAR IS NULL OR c.service_name = $f_service::VARCHAR)
      AND ($f_sub_account::VARCHAR IS NULL OR c.sub_account = $f_sub_account::VARCHAR)
      AND ($f_region::VARCHAR IS NULL OR c.region = $f_region::VARCHAR)
      AND ($f_day::DATE IS NULL OR c.charge_date = $f_day::DATE)
      AND ($f_cc_all OR list_contains(
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            c.cost_centre))
)
