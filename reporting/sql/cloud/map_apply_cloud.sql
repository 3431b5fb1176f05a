-- Book each of an organisation's FOCUS lines to the centre its sub-account maps to (none
-- when it is not mapped).
UPDATE cloud_charges SET cost_centre = (
    SELECT m.cost_centre FROM sub_account_cost_centres m
    WHERE m.org_id = cloud_charges.org_id AND m.sub_account = cloud_charges.sub_account)
WHERE org_id = $org;
