-- The invoice months the scope has lines in, newest first (period filter options).
SELECT DISTINCT invoice_month AS month
FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
ORDER BY month DESC
