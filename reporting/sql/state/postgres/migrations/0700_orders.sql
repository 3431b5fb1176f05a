-- PostgreSQL version of 0700: accounts is created by 0800, and PostgreSQL (unlike SQLite) needs a
-- referenced table to exist, so the reference to it is added after it (0801_orders_main_user_fk).
-- Orders of the reporting service and add-ons, and every change of their state.
CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,                -- server-generated, e.g. ORD-20261127-3FA2C1
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT NOT NULL,                 -- user_id of who submitted it (operator on a prospect's behalf)
    org_id TEXT NOT NULL,                     -- existing organisation, or derived from the business ID
    company_name TEXT NOT NULL,
    business_id TEXT NOT NULL,                -- Y-tunnus, check digit valid
    main_user_name TEXT NOT NULL,
    main_user_email TEXT NOT NULL,
    main_user_phone TEXT NOT NULL,            -- E.164
    main_user_id TEXT NOT NULL,               -- REFERENCES accounts(user_id): added by 0801_orders_main_user_fk
    main_user_created INTEGER NOT NULL,       -- 1 = the order created the account, 0 = linked an existing one
    users INTEGER NOT NULL CHECK (users >= 0),
    subscriptions INTEGER NOT NULL CHECK (subscriptions >= 0),
    addons TEXT NOT NULL,                     -- JSON list of add-on codes
    training_date TEXT NOT NULL,              -- ISO date, a working day
    notes TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fi',
    quote TEXT NOT NULL,                      -- JSON: the quote as given when ordering (prices frozen)
    monthly_vat0 TEXT,                        -- decimal text; NULL = custom offer
    one_off_vat0 TEXT NOT NULL,
    custom_offer INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'in_progress', 'deployed', 'cancelled')),
    state_changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deployed_at TEXT                          -- fees start from here
);
CREATE INDEX orders_org ON orders (org_id);
CREATE INDEX orders_business_id ON orders (business_id);

CREATE TABLE order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor TEXT NOT NULL,
    from_state TEXT,                          -- NULL for the order's arrival
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id);
