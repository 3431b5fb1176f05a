SELECT message_key, org_id, subscription_id, phone_number, lang, text, attempts
FROM sms_outbox WHERE state = 'pending' AND next_attempt_at <= :now ORDER BY queued_at, message_key
