-- The device base (laitekanta) and the service orders in flight (issue 17): devices with
-- their user, cost centre, linked subscription, warranty and lease; their history; the
-- operator's service orders with the promised date and the current state.
CREATE TYPE device_type AS ENUM ('phone', 'laptop', 'tablet', 'network', 'other');
CREATE TYPE device_status AS ENUM ('in_use', 'in_stock', 'in_repair', 'retired');
CREATE TYPE device_event_type AS ENUM ('assigned', 'returned', 'repaired', 'replaced', 'retired');

CREATE TABLE devices (
    org_id VARCHAR NOT NULL,
    device_id VARCHAR NOT NULL,
    device_type device_type NOT NULL,
    model VARCHAR,
    manufacturer VARCHAR,
    serial_number VARCHAR,
    imei VARCHAR,                        -- 15 digits, Luhn check digit valid
    user_name VARCHAR,                   -- NULL: nobody has it
    cost_centre VARCHAR,
    subscription_id VARCHAR,             -- the subscription the device serves, if any
    status device_status NOT NULL,
    purchased_on DATE,
    warranty_until DATE,
    lease_end DATE,                      -- NULL: bought, not leased
    monthly_lease DECIMAL(12, 2),        -- EUR/month VAT 0 %
    location VARCHAR,
    PRIMARY KEY (org_id, device_id)
);

CREATE TABLE device_events (
    org_id VARCHAR NOT NULL,
    device_id VARCHAR NOT NULL,
    event_type device_event_type NOT NULL,
    event_at TIMESTAMP NOT NULL,
    user_name VARCHAR,
    note VARCHAR,
    PRIMARY KEY (org_id, device_id, event_at, event_type)
);
