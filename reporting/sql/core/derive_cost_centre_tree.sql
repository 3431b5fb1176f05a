-- cost_centre_tree: one row per (organisation, ancestor cost centre, descendant cost centre),
-- the centre itself included at depth 0. A manager granted a centre sees every centre below
-- it. Rebuilt from cost_centres by every write transaction before it commits (reporting/db.py)
-- and by migration 0004; a few thousand rows at most.
DELETE FROM cost_centre_tree;
INSERT INTO cost_centre_tree
WITH RECURSIVE tree(org_id, ancestor, descendant, depth, trail) AS (
    SELECT org_id, code, code, 0, [code]
    FROM cost_centres
    UNION ALL
    SELECT t.org_id, t.ancestor, c.code, t.depth + 1, list_append(t.trail, c.code)
    FROM tree t
    JOIN cost_centres c ON c.org_id = t.org_id AND c.parent_code = t.descendant
    WHERE NOT list_contains(t.trail, c.code)          -- a cycle in bad data cannot loop forever
)
SELECT org_id, ancestor, descendant, depth FROM tree
ORDER BY org_id, ancestor, descendant;
