INSERT INTO sms_attempts (message_key, http_status, result, detail) VALUES (:message_key, :http_status, :result, :detail)
