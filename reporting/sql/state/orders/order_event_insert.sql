-- One step in an order's history. Parameters: :order_id, :actor, :from_state (NULL for the
-- order's arrival), :to_state, :note.
INSERT INTO order_events (order_id, actor, from_state, to_state, note)
VALUES (:order_id, :actor, :from_state, :to_state, :note)
