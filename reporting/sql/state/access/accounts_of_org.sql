-- The organisation's accounts (operators excluded), active ones first, by name.
-- Every column. Parameters: :org_id.
SELECT * FROM accounts WHERE org_id = :org_id AND role <> 'operator'
ORDER BY active DESC, name, email
