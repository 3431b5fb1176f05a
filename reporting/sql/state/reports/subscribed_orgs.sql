SELECT DISTINCT org_id FROM report_subscriptions ORDER BY org_id
