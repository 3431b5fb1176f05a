-- The names of the migrations applied to the analytical database: one row each.
SELECT name FROM schema_migrations
