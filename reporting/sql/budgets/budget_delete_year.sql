-- Every budget of an organisation in one year (the budgets page saves a year at a time).
DELETE FROM budgets WHERE org_id = $org AND period_start >= $year_start::DATE
  AND period_start < $year_start::DATE + INTERVAL 1 YEAR
