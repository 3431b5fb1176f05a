SELECT event_id, service_id, status, starts_at, ends_at, title, received_at
FROM live_events WHERE org_id = :org_id ORDER BY starts_at, event_id
