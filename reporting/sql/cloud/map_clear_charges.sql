-- An organisation's FOCUS cost lines, to be rebuilt from cloud_charges (map_rebuild_charges).
DELETE FROM charges WHERE org_id = $org AND source = 'focus';
