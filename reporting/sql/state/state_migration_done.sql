-- One row when the migration :name is already applied: another process sharing the store may
-- have applied it since this one looked (checked again inside the migration's transaction).
SELECT 1 FROM state_migrations WHERE name = :name
