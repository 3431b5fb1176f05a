-- A message claimed for sending by a process that never recorded the result (it crashed
-- between sending and recording, or while sending): it is not sent again, it is 'uncertain'.
UPDATE alert_outbox SET state = 'uncertain', last_error = 'claimed at ' || claimed_at || ', result never recorded'
WHERE state = 'sending' AND claimed_at < :stale_before
