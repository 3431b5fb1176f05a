-- The organisation $org's rows in a catalogue of tenant stores (reporting/core/db/stores.py),
-- copied from its tenant store, attached read-only as "tenant" after each write of that
-- tenant: its organisations row and its headline figures (org_summary). Nothing else of a
-- tenant is in the catalogue.
DELETE FROM organisations WHERE org_id = $org;
INSERT INTO organisations BY NAME SELECT * FROM tenant.organisations WHERE org_id = $org;
DELETE FROM org_summary WHERE org_id = $org;
INSERT INTO org_summary BY NAME SELECT * FROM tenant.org_summary WHERE org_id = $org;
