-- One row when subscription $sid is in the scope (decisions are refused otherwise).
SELECT 1 FROM scoped_subscriptions($org_id, $cc_all, $ccs, $sub_all, $subs)
WHERE subscription_id = $sid
