-- One budget (reporting.budgets.store.save_year).
INSERT INTO budgets (org_id, cost_centre, period_kind, period_start, amount)
VALUES ($org, $cost_centre, $period_kind, $period_start::DATE, $amount)
