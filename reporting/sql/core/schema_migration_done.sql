-- One row when the migration $name is already applied (checked again inside its transaction).
SELECT 1 FROM schema_migrations WHERE name = $name
