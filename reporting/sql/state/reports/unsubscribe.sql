DELETE FROM report_subscriptions WHERE user_id = :user_id AND org_id = :org_id
