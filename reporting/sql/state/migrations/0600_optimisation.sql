-- Decisions on optimisation findings. History is kept: the latest row per
-- (org_id, subscription_id, rule) is the decision in force.
CREATE TABLE optimisation_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('terminate', 'change_plan', 'keep', 'review')),
    reason TEXT NOT NULL DEFAULT '',
    target_plan TEXT,                         -- change_plan: the plan to change to
    fingerprint TEXT NOT NULL,                -- the finding's evidence when decided
    finding_month TEXT NOT NULL,              -- the rules' "now" (YYYY-MM-01) of the finding
    plan_at_decision TEXT,
    estimated_saving_month REAL NOT NULL DEFAULT 0,
    baseline_cost_month REAL,                 -- recurring charges in finding_month
    decided_by TEXT NOT NULL,                 -- user_id
    decided_by_name TEXT,
    decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (decision <> 'keep' OR length(trim(reason)) > 0)
);
CREATE INDEX optimisation_decisions_key ON optimisation_decisions (org_id, subscription_id, rule, id);
