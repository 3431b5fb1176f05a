-- Move an order to :to_state; the deployment time is set when it is 'deployed'.
-- Parameters: :order_id, :to_state.
UPDATE orders
SET state = :to_state,
    state_changed_at = CURRENT_TIMESTAMP,
    deployed_at = CASE WHEN :to_state = 'deployed' THEN CURRENT_TIMESTAMP ELSE deployed_at END
WHERE order_id = :order_id
