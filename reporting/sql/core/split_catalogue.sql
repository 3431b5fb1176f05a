-- A new catalogue of tenant stores (reporting/core/db/stores.py) from a single database file
-- attached read-only as "source": every organisation and its headline figures.
INSERT INTO organisations BY NAME SELECT * FROM source.organisations;
INSERT INTO org_summary BY NAME SELECT * FROM source.org_summary;
