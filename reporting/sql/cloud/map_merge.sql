-- Merge sub-account -> cost centre pairs into an organisation's mapping (the import's
-- --cost-centre-map file, the mapping page): a listed sub-account takes the new centre.
INSERT OR REPLACE INTO sub_account_cost_centres (org_id, sub_account, cost_centre)
SELECT $org, unnest($subs::VARCHAR[]), unnest($ccs::VARCHAR[]);
