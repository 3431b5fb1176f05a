-- org_summary (migration 0015) from cost_monthly, whole: run by every write transaction of a
-- file that holds lines, after cost_monthly is in step; a catalogue of tenant stores is
-- written by copying tenants' rows instead (reporting/sql/core/tenant_publish.sql).
DELETE FROM org_summary;
INSERT INTO org_summary
SELECT org_id, invoice_month, currency, sum(amount), sum(lines)
FROM cost_monthly GROUP BY org_id, invoice_month, currency;
