SELECT DISTINCT org_id FROM alert_rules WHERE active = 1 ORDER BY org_id
