UPDATE report_outbox SET state = 'uncertain', last_error = 'claimed at ' || claimed_at || ', result never recorded'
WHERE state = 'sending' AND claimed_at < :stale_before
