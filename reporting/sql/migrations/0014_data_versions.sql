-- The data version of each organisation (issue 19): a cache key of an organisation's result
-- carries its organisation's version and the global one (org_id '*', which no organisation
-- id can be: reporting.core.identifiers), so an import into one organisation leaves the
-- caches of the others warm. Every write transaction (reporting/core/db/write.py) gives a
-- new version to the organisations it declares it changed; a write that declares none (the
-- demo generator, a migration, any writer that does not say) and a change of the shared
-- tables (plans, dataset_info) give a new global version, which changes every key.
CREATE TABLE data_versions (
    org_id VARCHAR PRIMARY KEY,          -- an organisation, or '*' for the global part
    version VARCHAR NOT NULL,            -- the writing transaction's random id
    changed_at TIMESTAMP NOT NULL
);
