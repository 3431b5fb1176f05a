-- The scope's devices, one row each, with their cost centre's name, the subscription they
-- serve, and what the device reports judge relative to $today (the data's "now" date):
-- days of warranty left, whether a lease is running (it ends on or after $today), the full
-- months since purchase. Filters (each optional): $f_types, $f_statuses, cost centres
-- $f_ccs (with their sub-centres), warranty ending within $warranty_days days from $today,
-- one $device_id.
SELECT d.device_id, d.device_type::VARCHAR AS device_type, d.manufacturer, d.model,
       d.serial_number, d.imei, d.user_name, d.cost_centre, cc.name AS cost_centre_name,
       d.subscription_id, d.phone_number, d.subscription_closed_on, d.status::VARCHAR AS status,
       d.purchased_on, d.warranty_until,
       date_diff('day', $today::DATE, d.warranty_until) AS warranty_days_left,
       d.lease_end, d.monthly_lease,
       coalesce(d.lease_end >= $today::DATE, FALSE) AS leased,
       datesub('month', d.purchased_on, $today::DATE) AS age_months,
       d.location
FROM scoped_devices($org_id, $cc_all, $ccs, $sub_all, $subs) d
LEFT JOIN cost_centres cc ON cc.org_id = $org_id AND cc.code = d.cost_centre
WHERE ($f_type_all OR list_contains($f_types::VARCHAR[], d.device_type::VARCHAR))
  AND ($f_status_all OR list_contains($f_statuses::VARCHAR[], d.status::VARCHAR))
  AND ($f_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
        d.cost_centre))
  AND ($warranty_days::INTEGER IS NULL
       OR (d.warranty_until >= $today::DATE
           AND d.warranty_until <= $today::DATE + $warranty_days::INTEGER))
  AND ($device_id::VARCHAR IS NULL OR d.device_id = $device_id::VARCHAR)
ORDER BY d.device_id
