-- One entry of the audit log (reporting.access.accounts.audit): who did what to whom.
-- Parameters: :actor, :org_id, :action, :target, :details (JSON text), :manual (0/1).
INSERT INTO audit_log (actor, org_id, action, target, details, manual)
VALUES (:actor, :org_id, :action, :target, :details, :manual)
