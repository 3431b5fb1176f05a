-- The services a scope may see, with their availability target and support SLA hours:
-- one row per service. $service_id (optional) restricts to one service, $categories
-- (optional, a list) to those categories.
SELECT v.org_id, v.service_id, v.name AS service_name, v.category AS service_category,
       v.sla_availability_pct::DOUBLE AS sla_availability_pct,
       v.response_p1_h::DOUBLE AS response_p1_h, v.response_p2_h::DOUBLE AS response_p2_h,
       v.response_p3_h::DOUBLE AS response_p3_h, v.response_p4_h::DOUBLE AS response_p4_h,
       v.resolve_p1_h::DOUBLE AS resolve_p1_h, v.resolve_p2_h::DOUBLE AS resolve_p2_h,
       v.resolve_p3_h::DOUBLE AS resolve_p3_h, v.resolve_p4_h::DOUBLE AS resolve_p4_h
FROM scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v
WHERE ($service_id::VARCHAR IS NULL OR v.service_id = $service_id::VARCHAR)
  AND ($categories::VARCHAR[] IS NULL OR list_contains($categories::VARCHAR[], v.category))
ORDER BY v.category, v.name, v.service_id
