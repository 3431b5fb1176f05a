SELECT o.message_id, o.alert_id, o.recipient, o.lang, o.attempts, a.org_id, a.period, a.condition_key,
       a.facts, r.kind, r.cost_centre, r.threshold
FROM alert_outbox o JOIN alerts a ON a.alert_id = o.alert_id JOIN alert_rules r ON r.rule_id = a.rule_id
WHERE o.state = 'pending' AND o.next_attempt_at <= :now
ORDER BY o.message_id
