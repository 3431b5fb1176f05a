-- cost_monthly holds exact sums (issue 15: one rounding rule). Until now each line was taken
-- to the cent before summing, so a month of sub-cent roaming lines lost its fractions and the
-- reports disagreed with the invoice by a cent. The sums now keep every decimal the lines
-- carry (charges.amount is DECIMAL(18, 10)); a figure is rounded once, where it is shown or
-- exported (docs/reports.md, "The rounding rule"). Re-derived here from charges, the same
-- statement as reporting/sql/core/derive_cost_monthly.sql.
ALTER TABLE cost_monthly ALTER monthly_fee TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER usage TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER roaming TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER one_time TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER discount TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER service TYPE DECIMAL(38, 10);
ALTER TABLE cost_monthly ALTER amount TYPE DECIMAL(38, 10);
DELETE FROM cost_monthly;
INSERT INTO cost_monthly
SELECT org_id, invoice_month, currency, cost_centre, service_type, plan,
       sum(amount) FILTER (WHERE category = 'monthly_fee'),
       sum(amount) FILTER (WHERE category = 'usage'),
       sum(amount) FILTER (WHERE category = 'roaming'),
       sum(amount) FILTER (WHERE category = 'one_time'),
       sum(amount) FILTER (WHERE category = 'discount'),
       sum(amount) FILTER (WHERE category = 'service'),
       sum(amount), count(*)
FROM (SELECT org_id, invoice_month, currency, category,
             CASE WHEN subscription_id IS NULL THEN cost_centre ELSE sub_cost_centre END AS cost_centre,
             sub_service_type AS service_type, sub_plan AS plan, amount
      FROM charges)
GROUP BY org_id, invoice_month, currency, cost_centre, service_type, plan;
