INSERT INTO alert_outbox (alert_id, recipient, lang) VALUES (:alert_id, :recipient, :lang)
ON CONFLICT (alert_id, recipient) DO NOTHING
