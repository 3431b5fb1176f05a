SELECT count(*) || ':' || coalesce(max(received_at), '') FROM live_events
