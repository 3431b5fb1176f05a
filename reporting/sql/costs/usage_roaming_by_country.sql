-- roaming-by-country: one row per country abroad with usage or roaming charges in the period:
-- volumes from usage_monthly, charges from the invoice lines (category roaming).
WITH vol AS (
    SELECT country,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS messages,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') / 1024 AS data_gb,
           count(DISTINCT subscription_id) AS subscriptions
    FROM urows WHERE country <> 'FI' GROUP BY country
), cost AS (
    SELECT country, sum(amount) AS amount
    FROM lines WHERE category = 'roaming' AND country IS NOT NULL GROUP BY country
)
SELECT coalesce(v.country, c.country) AS country,
       list_contains($eu_eea::VARCHAR[], coalesce(v.country, c.country)) AS eu_eea,
       round(coalesce(v.voice_min, 0), 1)::DOUBLE AS voice_min,
       coalesce(v.messages, 0)::DOUBLE AS messages,
       round(coalesce(v.data_gb, 0), 3)::DOUBLE AS data_gb,
       coalesce(v.subscriptions, 0) AS subscriptions,
       round(coalesce(c.amount, 0), 2)::DOUBLE AS amount,   -- the exact sum rounded once
       coalesce(c.amount, 0)::VARCHAR AS amount_exact           -- for exact zone totals
FROM vol v FULL OUTER JOIN cost c USING (country)
ORDER BY amount DESC, data_gb DESC, country
