-- invoice-lines: the invoice lines themselves, one row per charge line, with the user of the
-- line's subscription.
SELECT l.invoice_month, l.invoice_number, l.subscription_id, s.user_name, l.cost_centre,
       l.service_type, l.category, l.description, l.quantity, l.unit, l.country, l.amount
FROM lines l
LEFT JOIN subscriptions s ON s.org_id = l.org_id AND s.subscription_id = l.subscription_id
ORDER BY l.invoice_month, l.subscription_id NULLS FIRST, l.category, l.description
