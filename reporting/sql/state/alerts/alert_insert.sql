-- Fires once per rule, period and condition: a repeat is ignored (RETURNING gives no row).
INSERT INTO alerts (rule_id, org_id, period, condition_key, facts)
VALUES (:rule_id, :org_id, :period, :condition_key, :facts)
ON CONFLICT (rule_id, period, condition_key) DO NOTHING
RETURNING alert_id
