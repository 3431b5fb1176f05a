-- Record that the migration $name is applied (in the transaction that applied it).
INSERT INTO schema_migrations (name) VALUES ($name)
