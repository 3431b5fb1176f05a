-- The active rules of an organisation (oldest first).
SELECT rule_id, org_id, kind, cost_centre, threshold, lang, owner, owner_name, created_at
FROM alert_rules WHERE org_id = :org_id AND active = 1 ORDER BY rule_id
