-- Views and table macros, re-created whenever their text changes (see reporting/db.py).
-- Each states its grain. Report queries build on these, never on ad-hoc copies of them.

-- cost_centre_tree (organisation, ancestor, descendant, depth) is a table rebuilt by every
-- write (reporting/sql/derive_cost_centre_tree.sql): planning the recursive query it used to
-- be a view of took a millisecond or more in every report that named it.

-- One row per cost centre with its depth and the path of names from the top.
CREATE OR REPLACE VIEW cost_centre_paths AS
SELECT c.org_id, c.code, c.name, c.parent_code,
       (SELECT max(depth) FROM cost_centre_tree t
         WHERE t.org_id = c.org_id AND t.descendant = c.code) AS depth
FROM cost_centres c;

-- The subscriptions a scope may see: one row per subscription.
-- p_org NULL -> nothing. p_cc_all / p_sub_all FALSE restrict to the listed cost centres
-- (with all their sub-centres) / subscriptions. Every report starts from this macro.
CREATE OR REPLACE MACRO scoped_subscriptions(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT s.*
FROM subscriptions s
WHERE s.org_id = p_org
  -- granted centres with their sub-centres as one list, computed once; for a scope without a
  -- cost-centre restriction the condition folds away (an IN subquery leaves a join per row)
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        s.cost_centre))
  AND (p_sub_all OR list_contains(p_subs::VARCHAR[], s.subscription_id));

-- The plans an organisation's subscriptions can be on: one row per plan name, the operator's
-- catalogue (``plans``) and the organisation's own plans (``org_plans``, introduced by its
-- subscriptions file) whose names the catalogue does not hold. For showing a subscription's
-- plan; the optimisation rules' choices come from the catalogue alone.
CREATE OR REPLACE MACRO org_plan_book(p_org) AS TABLE
SELECT plan, service_type, monthly_fee, data_gb, voice_min, sms, data_overage_per_gb,
       voice_per_min, sms_each, FALSE AS own
FROM plans
UNION ALL
SELECT o.plan, o.service_type, o.monthly_fee, o.data_gb, NULL::INTEGER, NULL::INTEGER,
       0::DECIMAL(12, 4), 0::DECIMAL(12, 4), 0::DECIMAL(12, 4), TRUE
FROM org_plans o
WHERE o.org_id = p_org AND o.plan NOT IN (SELECT plan FROM plans);

-- The invoice number of an organisation's month and currency (an invoice per organisation,
-- month and currency; reporting/sql/derive_invoices.sql numbers them with it).
CREATE OR REPLACE MACRO invoice_number_of(p_org, p_month, p_currency) AS
    upper(p_org) || '-' || strftime(p_month, '%Y%m')
      || CASE WHEN p_currency = 'EUR' THEN '' ELSE '-' || p_currency END;

-- The invoice lines a scope may see: one row per charge line, with its invoice number and the
-- subscription's cost centre, service type and plan (copied onto the line by every write:
-- reporting/sql/stamp_charges.sql). Organisation-level lines (no subscription) are visible only
-- to a scope that is not limited to listed subscriptions, and to a cost-centre-limited scope
-- only when booked to a centre in it. A line whose subscription is unknown (none can be
-- imported; a hand-written one could) has no centre: it counts in the organisation's totals,
-- as it does on the invoice, and in no cost-centre-limited scope.
-- An unlimited scope reads the table with no per-line condition but the organisation.
CREATE OR REPLACE MACRO scoped_charges(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT c.* EXCLUDE (sub_cost_centre, sub_service_type, sub_plan),
       invoice_number_of(c.org_id, c.invoice_month, c.currency) AS invoice_number,
       c.sub_cost_centre AS subscription_cost_centre, c.sub_service_type AS service_type,
       c.sub_plan AS plan,
       -- the centre a line counts for: its subscription's, or the one an organisation-level
       -- line is booked to (the same the scope below checks)
       CASE WHEN c.subscription_id IS NULL THEN c.cost_centre ELSE c.sub_cost_centre END AS booked_cost_centre
FROM charges c
WHERE c.org_id = p_org
  AND (p_sub_all OR list_contains(p_subs::VARCHAR[], c.subscription_id))
  -- granted centres with their sub-centres as one list, computed once
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        CASE WHEN c.subscription_id IS NULL THEN c.cost_centre ELSE c.sub_cost_centre END));

-- The monthly cost summary a scope may see (cost_monthly: organisation × month × currency ×
-- centre × service type × plan). Only for scopes not limited to listed subscriptions: the
-- summary has no subscription grain, so such a scope gets nothing here and its reports read
-- the lines (reporting/reports/costs.py chooses).
CREATE OR REPLACE MACRO scoped_cost_monthly(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT m.*
FROM cost_monthly m
WHERE m.org_id = p_org
  AND p_sub_all
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        m.cost_centre));

-- The monthly usage a scope may see: one row per subscription, month, usage type and country.
CREATE OR REPLACE MACRO scoped_usage_monthly(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT u.*, s.cost_centre, s.service_type, s.plan
FROM usage_monthly u
JOIN scoped_subscriptions(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) s
  ON s.subscription_id = u.subscription_id        -- both sides are of organisation p_org: one key
WHERE u.org_id = p_org;

-- The per-subscription monthly usage a scope may see: one row per subscription and month with
-- usage, the usage types side by side (usage_subscription_monthly), with the subscription's
-- cost centre, service type, plan and dates.
CREATE OR REPLACE MACRO scoped_usage_subscription_monthly(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT u.*, s.cost_centre, s.service_type, s.plan, s.opened_on, s.closed_on
FROM usage_subscription_monthly u
JOIN scoped_subscriptions(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) s
  ON s.subscription_id = u.subscription_id          -- both sides are of organisation p_org
WHERE u.org_id = p_org;

-- The services a scope may see. Services are organisation-wide: a scope restricted to cost
-- centres or subscriptions (a manager, an employee) does not see the service desk's data.
CREATE OR REPLACE MACRO scoped_services(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT v.* FROM services v
WHERE v.org_id = p_org AND p_cc_all AND p_sub_all;

-- The FOCUS (cloud) lines a scope may see: one row per cloud_charges line. They are
-- organisation-level lines, booked to the centre their sub-account maps to
-- (sub_account_cost_centres, reporting/cloud/mapping.py): a scope limited to listed
-- subscriptions sees none, a cost-centre-limited scope those booked to a centre in it.
CREATE OR REPLACE MACRO scoped_cloud_charges(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT c.*
FROM cloud_charges c
WHERE c.org_id = p_org
  AND p_sub_all
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        c.cost_centre));

-- The devices a scope may see: one row per device, as the costs are scoped. A device serving
-- a subscription counts for that subscription and its cost centre (a scope limited to listed
-- subscriptions sees the devices of those); a device without one counts for its own cost
-- centre (like an organisation-level charge line: not for a scope limited to subscriptions).
-- ``cost_centre`` is the centre it counts for; the subscription's number and closing date
-- come along (NULL when the device serves none).
CREATE OR REPLACE MACRO scoped_devices(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT d.* EXCLUDE (cost_centre),
       CASE WHEN d.subscription_id IS NULL THEN d.cost_centre ELSE s.cost_centre END AS cost_centre,
       s.phone_number, s.closed_on AS subscription_closed_on
FROM devices d
LEFT JOIN subscriptions s ON s.org_id = d.org_id AND s.subscription_id = d.subscription_id
WHERE d.org_id = p_org
  AND (p_sub_all OR list_contains(p_subs::VARCHAR[], d.subscription_id))
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        CASE WHEN d.subscription_id IS NULL THEN d.cost_centre ELSE s.cost_centre END));

-- The service orders a scope may see, scoped like the devices: an order for a subscription
-- counts for that subscription and its cost centre, one without for its own cost centre (not
-- for a scope limited to subscriptions). ``cost_centre`` is the centre it counts for.
CREATE OR REPLACE MACRO scoped_service_orders(p_org, p_cc_all, p_ccs, p_sub_all, p_subs) AS TABLE
SELECT o.* EXCLUDE (cost_centre),
       CASE WHEN o.subscription_id IS NULL THEN o.cost_centre ELSE s.cost_centre END AS cost_centre
FROM service_orders o
LEFT JOIN subscriptions s ON s.org_id = o.org_id AND s.subscription_id = o.subscription_id
WHERE o.org_id = p_org
  AND (p_sub_all OR list_contains(p_subs::VARCHAR[], o.subscription_id))
  AND (p_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = p_org AND list_contains(p_ccs::VARCHAR[], t.ancestor)),
        CASE WHEN o.subscription_id IS NULL THEN o.cost_centre ELSE s.cost_centre END));
