-- The result of one attempt (reporting.core.outbox): sent, failed, or pending again after a
-- wait (retry; failed after the last attempt).
UPDATE alert_outbox SET
    state = CASE WHEN :result = 'retry' THEN CASE WHEN attempts >= :max_attempts THEN 'failed' ELSE 'pending' END
                 ELSE :result END,
    sent_at = CASE WHEN :result = 'sent' THEN :now ELSE sent_at END,
    next_attempt_at = :next_attempt_at, last_error = :error, claimed_at = NULL
WHERE message_id = :key
