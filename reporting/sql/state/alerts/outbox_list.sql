SELECT o.message_id, o.alert_id, o.recipient, o.state, o.attempts, o.sent_at, o.last_error
FROM alert_outbox o JOIN alerts a ON a.alert_id = o.alert_id
WHERE (:org_id IS NULL OR a.org_id = :org_id) ORDER BY o.message_id
