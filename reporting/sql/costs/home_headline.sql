-- Headline figures for the home page: one row for the scope.
-- Month = the latest invoiced month in the organisation (or $month when given). The month's
-- cost figures are not here: reporting/costs/home.py reads them from the cost-overview report,
-- the one the cost page shows, so both say the same number.
WITH latest AS (
    SELECT coalesce($month::DATE, max(invoice_month)) AS month
    FROM charges WHERE org_id = $org_id
), ch AS (
    SELECT * FROM scoped_charges($org_id, $cc_all, $ccs, $sub_all, $subs)
), um AS (
    SELECT * FROM scoped_usage_monthly($org_id, $cc_all, $ccs, $sub_all, $subs)
)
SELECT
    o.org_id, o.name AS org_name, o.business_id,
    (SELECT min(invoice_month) FROM ch) AS first_month,
    (SELECT max(invoice_month) FROM ch) AS last_month,
    l.month,
    (SELECT coalesce(sum(quantity), 0) / 1024 FROM um WHERE month = l.month AND usage_type = 'data_mb') AS data_gb,
    (SELECT coalesce(sum(quantity), 0) FROM um WHERE month = l.month AND usage_type = 'voice_min') AS voice_min,
    (SELECT coalesce(sum(quantity), 0) FROM um WHERE month = l.month AND usage_type IN ('sms', 'mms')) AS messages,
    (SELECT count(*) FROM scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs)) AS services,
    (SELECT count(*) FROM service_events e
       JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id)
      WHERE e.status <> 'maintenance' AND e.ends_at IS NULL) AS ongoing_incidents,
    (SELECT count(*) FROM tickets k
       JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id)
      WHERE list_contains($open_statuses::VARCHAR[], k.status::VARCHAR)) AS open_tickets
FROM organisations o, latest l
WHERE o.org_id = $org_id
