INSERT INTO report_outbox (message_key, org_id, month, user_id, recipient, lang)
VALUES (:message_key, :org_id, :month, :user_id, :recipient, :lang)
ON CONFLICT (message_key) DO NOTHING
