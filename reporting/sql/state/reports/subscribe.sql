INSERT INTO report_subscriptions (user_id, org_id, lang) VALUES (:user_id, :org_id, :lang)
ON CONFLICT (user_id, org_id) DO UPDATE SET lang = excluded.lang
