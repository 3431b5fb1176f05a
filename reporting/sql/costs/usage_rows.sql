-- Shared CTE of the usage reports: the monthly usage rows (usage_monthly, pre-aggregated by the
-- loader) the scope may see that match the standard filters. One row per subscription, month,
-- usage type and country. Parameters as in cost_lines.sql.
urows AS (
    SELECT u.subscription_id, u.month, u.usage_type::VARCHAR AS usage_type, u.country,
           u.quantity, u.amount, u.cost_centre, u.service_type::VARCHAR AS service_type, u.plan
    FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs) u
    WHERE ($month_from::DATE IS NULL OR u.month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR u.month <= $month_to::DATE)
      AND ($f_cc_all OR list_contains(     -- one list, computed once (see cost_lines.sql)
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            u.cost_centre))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], u.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], u.plan))
      AND ($f_sub::VARCHAR IS NULL OR u.subscription_id = $f_sub::VARCHAR)
), fsubs AS (
    -- the subscriptions in the scope matching the filters, open on some day of the period
    SELECT s.subscription_id, s.phone_number, s.user_name, s.cost_centre, s.plan,
           s.service_type::VARCHAR AS service_type, s.opened_on, s.closed_on
    FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs) s
    WHERE ($f_cc_all OR s.cost_centre IN (
            SELECT t.descendant FROM cost_centre_tree t
            WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], s.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], s.plan))
      AND ($f_sub::VARCHAR IS NULL OR s.subscription_id = $f_sub::VARCHAR)
      AND ($month_to::DATE IS NULL OR s.opened_on <= last_day($month_to::DATE))
      AND ($month_from::DATE IS NULL OR s.closed_on IS NULL OR s.closed_on >= $month_from::DATE)
)
, srows AS (
    -- the same usage per subscription and month, usage types side by side
    -- (usage_subscription_monthly), with the subscription's attributes and dates
    SELECT u.subscription_id, u.month, u.voice_min, u.sms, u.mms, u.data_mb, u.roaming_voice_min,
           u.roaming_data_mb, u.amount, u.cost_centre, u.service_type::VARCHAR AS service_type, u.plan,
           u.opened_on, u.closed_on
    FROM scoped_usage_subscription_monthly($org_id, $cc_all, $ccs, $sub_all, $subs) u
    WHERE ($month_from::DATE IS NULL OR u.month >= $month_from::DATE)
      AND ($month_to::DATE IS NULL OR u.month <= $month_to::DATE)
      AND ($f_cc_all OR list_contains(     -- one list, computed once (see cost_lines.sql)
            (SELECT list(t.descendant) FROM cost_centre_tree t
             WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
            u.cost_centre))
      AND ($f_st_all OR list_contains($f_sts::VARCHAR[], u.service_type::VARCHAR))
      AND ($f_plan_all OR list_contains($f_plans::VARCHAR[], u.plan))
      AND ($f_sub::VARCHAR IS NULL OR u.subscription_id = $f_sub::VARCHAR)
)
