UPDATE alert_outbox SET state = 'sent', sent_at = :now, last_error = NULL WHERE message_id = :message_id
