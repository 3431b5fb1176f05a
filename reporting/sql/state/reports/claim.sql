UPDATE report_outbox SET state = 'sending', claimed_at = :now, attempts = attempts + 1
WHERE message_key = :key AND state = 'pending'
