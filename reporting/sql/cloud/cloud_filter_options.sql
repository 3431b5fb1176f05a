-- The values the cloud view's filters offer: distinct (dimension, value) of the scope's lines.
SELECT 'provider' AS dim, provider AS value FROM cloud_lines WHERE provider IS NOT NULL
UNION SELECT 'service_category', service_category FROM cloud_lines WHERE service_category IS NOT NULL
UNION SELECT 'sub_account', sub_account FROM cloud_lines WHERE sub_account IS NOT NULL
UNION SELECT 'region', region FROM cloud_lines WHERE region IS NOT NULL
UNION SELECT 'month', CAST(invoice_month AS VARCHAR) FROM cloud_lines
ORDER BY 1, 2
