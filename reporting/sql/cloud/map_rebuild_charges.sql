-- The FOCUS cost lines of an organisation from its cloud_charges, as the import writes them
-- (organisation-level, booked to the mapped centre), in month order.
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity, unit,
                     amount, currency, country, cost_centre, source)
SELECT org_id, invoice_month, NULL, category, description, quantity, unit, amount, currency, NULL,
       cost_centre, 'focus'
FROM cloud_charges WHERE org_id = $org
ORDER BY invoice_month;
