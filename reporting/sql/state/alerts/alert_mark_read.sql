INSERT INTO alert_reads (alert_id, user_id) VALUES (:alert_id, :user_id)
ON CONFLICT (alert_id, user_id) DO NOTHING
