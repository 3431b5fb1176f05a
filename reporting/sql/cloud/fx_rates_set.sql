-- Store an organisation's exchange rates (replacing a rate of the same currency and month).
INSERT OR REPLACE INTO fx_rates (org_id, currency, month, eur_per_unit)
SELECT $org, unnest($currencies::VARCHAR[]), unnest($months::DATE[]), unnest($rates::DECIMAL(18, 10)[]);
