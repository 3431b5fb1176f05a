SELECT max(received_at) FROM live_events
