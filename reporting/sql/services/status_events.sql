-- Status events of the scope's services that touch the window [$from_ts, $to_ts): one row
-- per event. An event with no end is still going on. $service_id (optional) restricts to one
-- service. Either bound may be NULL (open).
SELECT e.service_id, v.name AS service_name, v.category AS service_category, e.event_id, e.status::VARCHAR AS status,
       e.starts_at, e.ends_at, e.title AS event_title
FROM service_events e
JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id)
WHERE ($service_id::VARCHAR IS NULL OR e.service_id = $service_id::VARCHAR)
  AND ($to_ts::TIMESTAMP IS NULL OR e.starts_at < $to_ts::TIMESTAMP)
  AND ($from_ts::TIMESTAMP IS NULL OR e.ends_at IS NULL OR e.ends_at > $from_ts::TIMESTAMP)
ORDER BY e.service_id, e.starts_at, e.event_id
