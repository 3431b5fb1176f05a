-- An organisation's sub-accounts (those its FOCUS lines name, and those mapped) with their
-- mapped cost centre, the centre's name, lines and billed amount per currency.
WITH subs AS (
    SELECT sub_account, currency, count(*) AS lines, round(sum(amount), 2) AS amount  -- exact sum rounded once
    FROM cloud_charges WHERE org_id = $org_id AND sub_account IS NOT NULL GROUP BY ALL
)
SELECT coalesce(s.sub_account, m.sub_account) AS sub_account, m.cost_centre, c.name AS cost_centre_name,
       coalesce(s.lines, 0) AS lines, s.currency, s.amount
FROM subs s
FULL JOIN (SELECT * FROM sub_account_cost_centres WHERE org_id = $org_id) m ON m.sub_account = s.sub_account
LEFT JOIN cost_centres c ON c.org_id = $org_id AND c.code = m.cost_centre
ORDER BY 1, s.currency;
