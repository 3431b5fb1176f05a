-- One order, every column. At most one row. Parameters: :order_id.
SELECT * FROM orders WHERE order_id = :order_id
