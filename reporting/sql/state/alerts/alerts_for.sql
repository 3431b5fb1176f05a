-- Alerts a user sees, newest first, with whether they have read each: the alerts of the
-- rules they own, and every alert of the organisation for one who sees all of it (:all_org).
SELECT a.alert_id, a.rule_id, r.kind, r.cost_centre, r.threshold, r.owner_name, a.period,
       a.condition_key, a.facts, a.fired_at, (rd.alert_id IS NOT NULL) AS is_read
FROM alerts a
JOIN alert_rules r ON r.rule_id = a.rule_id
LEFT JOIN alert_reads rd ON rd.alert_id = a.alert_id AND rd.user_id = :user_id
WHERE a.org_id = :org_id AND (:all_org = 1 OR r.owner = :user_id)
ORDER BY a.fired_at DESC, a.alert_id DESC
LIMIT :limit
