-- Record that the migration :name is applied (in the transaction that applied it).
INSERT INTO state_migrations (name) VALUES (:name)
