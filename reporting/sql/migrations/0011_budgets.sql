-- Issue 18: budgets per cost centre (or for the whole organisation) per month or per year,
-- set by the main user on the budgets page or imported (kind `budgets`). The budget reports
-- compare them with the actual costs and the month-end forecast (reporting/budgets/).
CREATE TABLE budgets (
    org_id VARCHAR NOT NULL,
    cost_centre VARCHAR,                 -- NULL: the whole organisation
    period_kind VARCHAR NOT NULL CHECK (period_kind IN ('month', 'year')),
    period_start DATE NOT NULL,          -- the first day of the month, or 1 January of the year
    amount DECIMAL(18, 2) NOT NULL CHECK (amount >= 0),   -- EUR, VAT 0 %
    CHECK (period_kind = 'year' AND month(period_start) = 1 AND day(period_start) = 1
           OR period_kind = 'month' AND day(period_start) = 1)
);
