-- The service orders in flight (issue 17): what was ordered, for whom, on which cost centre
-- or subscription, when, the promised delivery date and the current state with its time.
CREATE TYPE order_type AS ENUM ('new_subscription', 'device', 'change', 'termination', 'other');
CREATE TYPE order_state AS ENUM ('received', 'in_progress', 'waiting_for_customer', 'delivered', 'cancelled');

CREATE TABLE service_orders (
    org_id VARCHAR NOT NULL,
    order_id VARCHAR NOT NULL,
    order_type order_type NOT NULL,
    for_whom VARCHAR,                    -- the user the order is for
    cost_centre VARCHAR,
    subscription_id VARCHAR,             -- the subscription it concerns, if any
    ordered_at TIMESTAMP NOT NULL,
    promised_by DATE,                    -- the promised delivery date (NULL: no promise)
    state order_state NOT NULL,
    state_at TIMESTAMP,                  -- when the current state was set
    delivered_at TIMESTAMP,              -- set exactly when state = 'delivered'
    PRIMARY KEY (org_id, order_id)
);
