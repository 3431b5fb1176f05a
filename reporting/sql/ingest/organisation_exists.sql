-- One row: 1 when the organisation $org_id exists, else 0.
SELECT count(*) FROM organisations WHERE org_id = $org_id
