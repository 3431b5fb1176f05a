-- Claim one pending message (only one process wins it).
UPDATE alert_outbox SET state = 'sending', claimed_at = :now, attempts = attempts + 1
WHERE message_id = :key AND state = 'pending'
