-- The scope's service orders, one row each, with their cost centre's name. Filters (each
-- optional): order types $f_types, states $f_states, cost centres $f_ccs (with their
-- sub-centres).
SELECT o.order_id, o.order_type::VARCHAR AS order_type, o.for_whom, o.cost_centre,
       cc.name AS cost_centre_name, o.subscription_id, o.ordered_at, o.promised_by,
       o.state::VARCHAR AS state, o.state_at, o.delivered_at
FROM scoped_service_orders($org_id, $cc_all, $ccs, $sub_all, $subs) o
LEFT JOIN cost_centres cc ON cc.org_id = $org_id AND cc.code = o.cost_centre
WHERE ($f_type_all OR list_contains($f_types::VARCHAR[], o.order_type::VARCHAR))
  AND ($f_state_all OR list_contains($f_states::VARCHAR[], o.state::VARCHAR))
  AND ($f_cc_all OR list_contains(
        (SELECT list(t.descendant) FROM cost_centre_tree t
         WHERE t.org_id = $org_id AND list_contains($f_ccs::VARCHAR[], t.ancestor)),
        o.cost_centre))
ORDER BY o.ordered_at DESC, o.order_id
