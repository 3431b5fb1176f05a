-- The demo's daily usage of the subscriptions $lo..$hi (by position in gen_subs): one row per
-- subscription x day x usage type with any use, sorted by subscription and day. Randomness is
-- hash($seed, row coordinates), so the rows depend only on the seed and the period. Reads the
-- frames the generator registers: gen_subs (one row per subscription: active days d0..d1,
-- persona means and probabilities), gen_days (one row per day: seasonal factors) and
-- gen_trip_days (one row per subscription x day abroad: country, price per MB).
-- Roaming outside the EU is charged: $price_min per minute, $price_sms per message.
INSERT INTO usage_daily
WITH sd AS (
    SELECT s.*, dd.d, dd.day_date, dd.season_voice, dd.season_data, dd.weekend,
           td.country AS trip_country, td.eu, td.data_factor, td.price_mb
    FROM gen_subs s
    JOIN gen_days dd ON dd.d BETWEEN s.d0 AND s.d1
    LEFT JOIN gen_trip_days td ON td.sidx = s.sidx AND td.d = dd.d
    WHERE s.sidx BETWEEN $lo AND $hi
), typed AS (
    SELECT sd.*, k.k,
           (hash(sd.sidx, sd.d, k.k, $seed) % 1000003)::DOUBLE / 1000003 AS u1,
           ((hash(sd.sidx, sd.d, k.k + 10, $seed) % 1000003) + 1)::DOUBLE / 1000004 AS u2
    FROM sd, (VALUES (0), (1), (2), (3)) k(k)
), q AS (
    SELECT org_id, subscription_id, day_date, k, trip_country, eu, price_mb,
        CASE k
          WHEN 0 THEN CASE WHEN u1 < p_data THEN
                 CASE WHEN steady THEN data_mu * (0.8 + 0.4 * u2)
                      ELSE data_mu * season_data * -ln(u2) END
                 * coalesce(data_factor, 1.0) END
          WHEN 1 THEN CASE WHEN u1 < p_voice * (CASE WHEN fixed AND weekend THEN 0.05 ELSE 1 END)
                 THEN voice_mu * season_voice * -ln(u2) * (CASE WHEN eu = false THEN 0.3 ELSE 1 END) END
          WHEN 2 THEN CASE WHEN u1 < p_sms THEN ceil(sms_mu * -ln(u2)) END
          WHEN 3 THEN CASE WHEN u1 < p_sms * 0.02 THEN 1 END
        END AS qty
    FROM typed
)
SELECT org_id, subscription_id, day_date,
       (['data_mb', 'voice_min', 'sms', 'mms'])[k + 1]::usage_type,
       round(qty, 3)::DECIMAL(18, 3),
       coalesce(trip_country, 'FI'),
       CASE WHEN eu = false THEN round(CASE k
              WHEN 0 THEN round(qty, 3) * price_mb
              WHEN 1 THEN round(qty, 3) * $price_min
              ELSE round(qty, 3) * $price_sms END, 4)::DECIMAL(18, 4) END
FROM q
WHERE qty > 0.0005
ORDER BY subscription_id, day_date, k
