-- Per organisation the service its demo documents belong to (the mobile service when it has
-- one, else its first service), with what the documents' text names: the organisation's
-- name and business id, the service's SLA, the open subscriptions and devices in use.
WITH ranked AS (
    SELECT s.org_id, s.service_id, s.name, s.sla_availability_pct,
           row_number() OVER (PARTITION BY s.org_id
                              ORDER BY (s.category = 'mobile') DESC, s.service_id) AS rk
    FROM services s
)
SELECT o.org_id, o.name AS org_name, o.business_id, r.service_id, r.name AS service_name,
       r.sla_availability_pct::VARCHAR AS sla,
       (SELECT count(*) FROM subscriptions x
        WHERE x.org_id = o.org_id AND x.closed_on IS NULL) AS open_subscriptions,
       (SELECT count(*) FROM devices d
        WHERE d.org_id = o.org_id AND d.status = 'in_use') AS devices_in_use,
       list(s2.service_id ORDER BY s2.service_id) AS service_ids
FROM organisations o
JOIN ranked r ON r.org_id = o.org_id AND r.rk = 1
JOIN services s2 ON s2.org_id = o.org_id
GROUP BY ALL
ORDER BY o.org_id
