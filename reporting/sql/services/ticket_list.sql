-- Support requests of the scope's services with their SLA timing: one row per ticket.
-- Times are calendar hours from opening. The targets are the service's response_pN_h /
-- resolve_pN_h for the ticket's priority. An unanswered / unresolved request's clock runs to
-- $now: it is a breach as soon as its target has passed, undecided (NULL) before that.
-- Filters (each optional): $service_id, opened in [$opened_from, $opened_to), $open_only.
-- $open_statuses: the statuses that count as open (services.reports.OPEN_TICKET_STATUSES).
WITH t AS (
    SELECT k.ticket_id, k.service_id, v.name AS service_name, k.priority::VARCHAR AS priority,
           k.status::VARCHAR AS status, k.subject, k.opened_at, k.first_response_at, k.resolved_at,
           CASE k.priority WHEN 'P1' THEN v.response_p1_h WHEN 'P2' THEN v.response_p2_h
                           WHEN 'P3' THEN v.response_p3_h ELSE v.response_p4_h END::DOUBLE AS response_target_h,
           CASE k.priority WHEN 'P1' THEN v.resolve_p1_h WHEN 'P2' THEN v.resolve_p2_h
                           WHEN 'P3' THEN v.resolve_p3_h ELSE v.resolve_p4_h END::DOUBLE AS resolve_target_h,
           date_diff('second', k.opened_at, k.first_response_at) / 3600.0 AS response_hours,
           date_diff('second', k.opened_at, k.resolved_at) / 3600.0 AS resolve_hours,
           date_diff('second', k.opened_at, $now::TIMESTAMP) / 3600.0 AS hours_open,
           list_contains($open_statuses::VARCHAR[], k.status::VARCHAR) AS is_open
    FROM tickets k
    JOIN scoped_services($org_id, $cc_all, $ccs, $sub_all, $subs) v USING (org_id, service_id)
    WHERE ($service_id::VARCHAR IS NULL OR k.service_id = $service_id::VARCHAR)
      AND ($opened_from::TIMESTAMP IS NULL OR k.opened_at >= $opened_from::TIMESTAMP)
      AND ($opened_to::TIMESTAMP IS NULL OR k.opened_at < $opened_to::TIMESTAMP)
      AND (NOT $open_only::BOOLEAN OR list_contains($open_statuses::VARCHAR[], k.status::VARCHAR))
), judged AS (
    SELECT *,
           CASE WHEN response_target_h IS NULL THEN NULL
                WHEN first_response_at IS NOT NULL THEN response_hours <= response_target_h
                WHEN hours_open > response_target_h THEN FALSE END AS response_within_sla,
           CASE WHEN resolve_target_h IS NULL THEN NULL
                WHEN resolved_at IS NOT NULL THEN resolve_hours <= resolve_target_h
                WHEN hours_open > resolve_target_h THEN FALSE END AS resolve_within_sla
    FROM t
)
SELECT ticket_id, service_id, service_name, priority, status, subject, opened_at,
       first_response_at, resolved_at,
       round(response_hours, 2) AS response_hours, response_target_h, response_within_sla,
       round(resolve_hours, 2) AS resolve_hours, resolve_target_h, resolve_within_sla,
       coalesce(response_within_sla = FALSE OR resolve_within_sla = FALSE, FALSE) AS sla_breached,
       CASE WHEN is_open THEN floor(hours_open / 24)::INTEGER END AS age_days
FROM judged
ORDER BY opened_at DESC, ticket_id
