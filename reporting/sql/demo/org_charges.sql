-- The demo's organisation-level invoice lines (no subscription) for every month in $months:
-- the contract discount of 8 % of the monthly fees, the Fokus reporting service and service
-- management (by the number of subscriptions). Runs after charges.sql.
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity,
                     unit, amount, currency, source)
SELECT org_id, invoice_month, NULL, 'discount', 'Sopimusalennus kuukausimaksuista 8 %', 1, 'kpl',
       round(-0.08 * sum(amount), 2), 'EUR', 'demo'
FROM charges WHERE category = 'monthly_fee' GROUP BY org_id, invoice_month
UNION ALL
SELECT o.org_id, m, NULL, 'service', 'Fokus-raportointipalvelu', 1, 'kk',
       CASE WHEN o.org_id = 'saimaa' THEN 150 ELSE 200 END, 'EUR', 'demo'
FROM organisations o, (SELECT unnest($months::DATE[]) AS m)
UNION ALL
SELECT o.org_id, m, NULL, 'service', 'Palvelunhallinta ja SLA-raportointi', 1, 'kk',
       round(250 + 0.35 * (SELECT count(*) FROM subscriptions s WHERE s.org_id = o.org_id), 2),
       'EUR', 'demo'
FROM organisations o, (SELECT unnest($months::DATE[]) AS m)
