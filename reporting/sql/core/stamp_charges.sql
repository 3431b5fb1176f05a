-- Bring the subscription attributes copied onto charge lines (sub_cost_centre,
-- sub_service_type, sub_plan) in step with subscriptions. Run by every write transaction just
-- before it commits (reporting/db.py), whoever wrote. $all: subscriptions changed in this
-- transaction, so every line is compared; otherwise only lines still without their copy (a
-- writer that did not join them in) are looked at. Loaders that join them in as they insert
-- (the importer, the demo generator) leave nothing to rewrite. A line whose subscription is
-- unknown keeps NULLs, and the scoped_charges macro leaves it out, as the join it replaced did.
UPDATE charges c
SET sub_cost_centre = s.cost_centre, sub_service_type = s.service_type, sub_plan = s.plan
FROM subscriptions s
WHERE c.org_id = s.org_id AND c.subscription_id = s.subscription_id
  AND (c.sub_service_type IS NULL
       OR $all AND (c.sub_service_type <> s.service_type
                    OR c.sub_cost_centre IS DISTINCT FROM s.cost_centre
                    OR c.sub_plan IS DISTINCT FROM s.plan))
