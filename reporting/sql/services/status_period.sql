-- The first event or support request of the scope's services: one row (NULL when none).
SELECT least(
    (SELECT min(e.starts_at) FROM service_events e
       JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id)),
    (SELECT min(k.opened_at) FROM tickets k
       JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id))
) AS first_at
