-- Issue 14 point 13: a main user's order for its own organisation is linked to the orderer,
-- who is the main user already, and creates no account. A demo persona has no account in
-- this store, so an order's main_user_id may now be NULL (the orderer is in created_by).
-- SQLite cannot drop a NOT NULL constraint: both tables are rebuilt. order_events is copied
-- first and dropped before orders, so that dropping orders cascades to nothing.
CREATE TABLE orders_new (
    order_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT NOT NULL,
    org_id TEXT NOT NULL,
    company_name TEXT NOT NULL,
    business_id TEXT NOT NULL,
    main_user_name TEXT NOT NULL,
    main_user_email TEXT NOT NULL,
    main_user_phone TEXT NOT NULL,
    main_user_id TEXT REFERENCES accounts(user_id),   -- NULL: a demo persona's own order
    main_user_created INTEGER NOT NULL,
    users INTEGER NOT NULL CHECK (users >= 0),
    subscriptions INTEGER NOT NULL CHECK (subscriptions >= 0),
    addons TEXT NOT NULL,
    training_date TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fi',
    quote TEXT NOT NULL,
    monthly_vat0 TEXT,
    one_off_vat0 TEXT NOT NULL,
    custom_offer INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'in_progress', 'deployed', 'cancelled')),
    state_changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deployed_at TEXT
);
INSERT INTO orders_new (order_id, created_at, created_by, org_id, company_name, business_id,
                        main_user_name, main_user_email, main_user_phone, main_user_id,
                        main_user_created, users, subscriptions, addons, training_date, notes,
                        lang, quote, monthly_vat0, one_off_vat0, custom_offer, state,
                        state_changed_at, deployed_at)
SELECT order_id, created_at, created_by, org_id, company_name, business_id, main_user_name,
       main_user_email, main_user_phone, main_user_id, main_user_created, users, subscriptions,
       addons, training_date, notes, lang, quote, monthly_vat0, one_off_vat0, custom_offer,
       state, state_changed_at, deployed_at
FROM orders;
CREATE TABLE order_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders_new(order_id) ON DELETE CASCADE,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO order_events_new (id, order_id, at, actor, from_state, to_state, note)
SELECT id, order_id, at, actor, from_state, to_state, note FROM order_events;
DROP TABLE order_events;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
ALTER TABLE order_events_new RENAME TO order_events;
CREATE INDEX orders_org ON orders (org_id);
CREATE INDEX orders_business_id ON orders (business_id);
CREATE INDEX order_events_order ON order_events (order_id);
