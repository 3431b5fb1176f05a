-- The derived optimisation findings (migration 0013) of one organisation and month that a
-- scope may see, in the rules' order: a finding counts for its subscription's cost centre, as
-- in scoped_subscriptions. (A scope of listed subscriptions evaluates the rules itself: the
-- duplicate rule compares a user's subscriptions with each other.)
SELECT f.* EXCLUDE (org_id, month, ordinal)
FROM optimisation_findings f
WHERE f.org_id = $org_id AND f.month = $month::DATE
  AND ($cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = $org_id AND list_contains($ccs::VARCHAR[], t.ancestor)),
        f.cost_centre))
ORDER BY f.ordinal
