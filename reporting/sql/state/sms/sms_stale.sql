-- Claimed by a process that never recorded the answer: never sent again ('uncertain').
UPDATE sms_outbox SET state = 'uncertain', last_error = 'claimed at ' || claimed_at || ', answer never recorded'
WHERE state = 'sending' AND claimed_at < :stale_before
