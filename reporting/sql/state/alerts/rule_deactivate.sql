UPDATE alert_rules SET active = 0 WHERE rule_id = :rule_id AND org_id = :org_id
