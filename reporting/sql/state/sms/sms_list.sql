SELECT message_key, org_id, month, subscription_id, phone_number, state, attempts, sent_at, last_error
FROM sms_outbox WHERE (:org_id IS NULL OR org_id = :org_id) ORDER BY message_key
