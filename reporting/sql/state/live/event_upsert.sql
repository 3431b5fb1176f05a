-- An event as the source last told it: a repeat of the same id updates it (Alertmanager sends
-- a firing alert again and again, then once resolved with its end).
INSERT INTO live_events (org_id, event_id, source_id, service_id, status, starts_at, ends_at, title, received_at)
VALUES (:org_id, :event_id, :source_id, :service_id, :status, :starts_at, :ends_at, :title, :received_at)
ON CONFLICT (org_id, event_id) DO UPDATE SET
    service_id = excluded.service_id, status = excluded.status, starts_at = excluded.starts_at,
    ends_at = excluded.ends_at, title = excluded.title, received_at = excluded.received_at
