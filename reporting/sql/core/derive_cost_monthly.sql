-- cost_monthly from charges, whole (migration 0005 explains the table). Run by every write
-- transaction before it commits, after the subscription attributes on the lines are in step
-- (reporting/db.py): one pass over the lines, a tenth of a second per 5 million.
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
             sub_service_type AS service_type, sub_plan AS plan,
             amount          -- exact: rounded once where a figure is shown (migration 0009)
      FROM charges)
GROUP BY org_id, invoice_month, currency, cost_centre, service_type, plan;
