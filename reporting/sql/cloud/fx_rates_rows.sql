-- An organisation's exchange rates (EUR per unit), by currency and month.
SELECT currency, month, eur_per_unit FROM fx_rates WHERE org_id = $org_id ORDER BY currency, month
