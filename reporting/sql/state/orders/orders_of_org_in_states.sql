-- What the organisation has ordered in the given states: one row per order.
-- Parameters: :org_id, :states (a JSON list of states).
SELECT users, addons FROM orders
WHERE org_id = :org_id AND state IN (SELECT value FROM json_each(:states))
