-- A failed attempt: try again later, or give up after the last attempt.
UPDATE alert_outbox SET state = CASE WHEN attempts >= :max_attempts THEN 'failed' ELSE 'pending' END,
       next_attempt_at = :next_attempt_at, last_error = :error, claimed_at = NULL
WHERE message_id = :message_id
