-- One optimisation decision on a finding (the latest per subscription and rule is in force).
-- Parameters: one per column below; :finding_month an ISO date (the month's first day).
INSERT INTO optimisation_decisions (org_id, subscription_id, rule, decision, reason,
                                    target_plan, fingerprint, finding_month, plan_at_decision,
                                    estimated_saving_month, baseline_cost_month, decided_by,
                                    decided_by_name)
VALUES (:org_id, :subscription_id, :rule, :decision, :reason,
        :target_plan, :fingerprint, :finding_month, :plan_at_decision,
        :estimated_saving_month, :baseline_cost_month, :decided_by,
        :decided_by_name)
