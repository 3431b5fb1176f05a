INSERT INTO alert_rules (org_id, kind, cost_centre, threshold, lang, owner, owner_name)
VALUES (:org_id, :kind, :cost_centre, :threshold, :lang, :owner, :owner_name)
