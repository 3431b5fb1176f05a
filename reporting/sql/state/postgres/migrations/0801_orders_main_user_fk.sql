-- PostgreSQL only: the reference from an order to its main user's account, which 0700 makes on
-- SQLite already (SQLite accepts a reference to a table created later; PostgreSQL does not).
ALTER TABLE orders ADD CONSTRAINT orders_main_user_id_fkey FOREIGN KEY (main_user_id) REFERENCES accounts(user_id);
