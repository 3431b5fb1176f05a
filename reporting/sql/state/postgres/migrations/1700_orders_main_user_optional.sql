-- PostgreSQL version of 1700: an order's main_user_id may be NULL (a demo persona's own order).
-- PostgreSQL drops a NOT NULL in place; SQLite had to rebuild both tables.
ALTER TABLE orders ALTER COLUMN main_user_id DROP NOT NULL;
