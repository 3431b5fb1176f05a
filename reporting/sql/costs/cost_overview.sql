-- cost-overview: one row for the month $month: total cost, the previous month, the same month
-- a year earlier, active subscriptions (open on any day of the month, within the filters).
-- Run with month_from = $month - 12 months and month_to = $month.
WITH subs AS (
    SELECT s.* FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
    WHERE ($f_cc_all OR s.cost_centre IN (
            SELECT t.descendant FROM cost_centre_tree t
            WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], s.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], s.plan))
      AND ($f_sub::VARCHAR IS NULL OR s.subscription_id = $f_sub::VARCHAR)
)
SELECT $month::DATE AS month,
       (SELECT sum(amount) FROM monthly WHERE invoice_month = $month::DATE) AS amount,
       (SELECT sum(amount) FROM monthly WHERE invoice_month = ($month::DATE - INTERVAL 1 MONTH)::DATE) AS amount_prev_month,
       (SELECT sum(amount) FROM monthly WHERE invoice_month = ($month::DATE - INTERVAL 12 MONTH)::DATE) AS amount_prev_year,
       (SELECT count(*) FROM subs
         WHERE opened_on <= last_day($month::DATE)
           AND (closed_on IS NULL OR closed_on >= $month::DATE)) AS active_subscriptions
