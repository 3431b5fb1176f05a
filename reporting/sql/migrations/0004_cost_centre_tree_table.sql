-- The cost-centre hierarchy as a table instead of a recursive view: every report names it, and
-- planning the recursive query cost more than running most of them. Filled here from
-- cost_centres and rebuilt by every write transaction (reporting/sql/derive_cost_centre_tree.sql).
DROP VIEW IF EXISTS cost_centre_tree;
CREATE TABLE cost_centre_tree (
    org_id VARCHAR NOT NULL,
    ancestor VARCHAR NOT NULL,
    descendant VARCHAR NOT NULL,
    depth INTEGER NOT NULL
);
