-- The decision in force per (subscription, rule) of one organisation: the latest recorded.
-- Every column, in the order recorded. Parameters: :org_id.
SELECT * FROM optimisation_decisions d
WHERE org_id = :org_id
  AND id = (SELECT max(id) FROM optimisation_decisions x
            WHERE x.org_id = d.org_id AND x.subscription_id = d.subscription_id AND x.rule = d.rule)
ORDER BY id
