-- The names of the migrations applied to the state store: one row each.
SELECT name FROM state_migrations
