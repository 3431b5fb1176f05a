-- Remove sub-accounts from an organisation's mapping (their lines lose their centre).
DELETE FROM sub_account_cost_centres WHERE org_id = $org AND list_contains($subs::VARCHAR[], sub_account);
