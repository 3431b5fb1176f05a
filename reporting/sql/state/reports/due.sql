SELECT message_key, org_id, month, user_id, recipient, lang, attempts
FROM report_outbox WHERE state = 'pending' AND next_attempt_at <= :now ORDER BY queued_at, message_key
