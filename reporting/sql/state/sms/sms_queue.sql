INSERT INTO sms_outbox (message_key, org_id, month, subscription_id, phone_number, lang, text)
VALUES (:message_key, :org_id, :month, :subscription_id, :phone_number, :lang, :text)
ON CONFLICT (message_key) DO NOTHING
