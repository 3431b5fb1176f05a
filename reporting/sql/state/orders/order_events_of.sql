-- An order's history, oldest first. Parameters: :order_id.
SELECT at, actor, from_state, to_state, note FROM order_events
WHERE order_id = :order_id
ORDER BY id
