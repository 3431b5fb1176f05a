-- A new organisation created by an import: $org_id, its $name and $business_id (may be '').
INSERT INTO organisations VALUES ($org_id, $name, $business_id, NULL)
