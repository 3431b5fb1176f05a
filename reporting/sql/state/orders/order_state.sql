-- An order's state and organisation. At most one row. Parameters: :order_id.
SELECT state, org_id FROM orders WHERE order_id = :order_id
