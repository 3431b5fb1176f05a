-- A fingerprint per organisation of everything the optimisation rules read (subscriptions,
-- their monthly usage, the charge lines, the cost centres' names and tree, the organisation's
-- own plans, the operator's catalogue and the data set's "now"): the write transaction
-- evaluates the rules again only for an organisation whose fingerprint changed. One pass over
-- each table, a fraction of a second on the large demo.
WITH ch AS (
    SELECT org_id, count(*) AS n, sum(hash(c)::HUGEINT) AS h FROM charges c GROUP BY org_id
), um AS (
    SELECT org_id, count(*) AS n, sum(hash(u)::HUGEINT) AS h FROM usage_monthly u GROUP BY org_id
), su AS (
    SELECT org_id, count(*) AS n, sum(hash(s)::HUGEINT) AS h FROM subscriptions s GROUP BY org_id
), cc AS (
    SELECT org_id, count(*) AS n, sum(hash(c)::HUGEINT) AS h FROM cost_centres c GROUP BY org_id
), op AS (
    SELECT org_id, count(*) AS n, sum(hash(p)::HUGEINT) AS h FROM org_plans p GROUP BY org_id
), shared AS (
    SELECT (SELECT count(*) FROM plans) AS n,
           (SELECT sum(hash(p)::HUGEINT) FROM plans p) AS h,
           (SELECT max(value) FROM dataset_info WHERE key = 'now') AS now
)
SELECT o.org_id,
       concat_ws('|', coalesce(ch.n, 0), coalesce(ch.h, 0), coalesce(um.n, 0), coalesce(um.h, 0),
                 coalesce(su.n, 0), coalesce(su.h, 0), coalesce(cc.n, 0), coalesce(cc.h, 0),
                 coalesce(op.n, 0), coalesce(op.h, 0), shared.n, coalesce(shared.h, 0),
                 coalesce(shared.now, '')) AS inputs
FROM organisations o
CROSS JOIN shared
LEFT JOIN ch USING (org_id)
LEFT JOIN um USING (org_id)
LEFT JOIN su USING (org_id)
LEFT JOIN cc USING (org_id)
LEFT JOIN op USING (org_id)
ORDER BY o.org_id
