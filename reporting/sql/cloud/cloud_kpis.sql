-- The cloud view's headline counts: lines and distinct providers, service categories,
-- services, sub-accounts, regions, currencies and invoices in the filtered lines.
SELECT count(*) AS lines, count(DISTINCT provider) AS providers,
       count(DISTINCT service_category) AS service_categories, count(DISTINCT service_name) AS services,
       count(DISTINCT sub_account) AS sub_accounts, count(DISTINCT region) AS regions,
       count(DISTINCT currency) AS currencies, count(DISTINCT invoice_id) AS invoices
FROM cloud_lines
HAVING count(*) > 0
