-- How many changes the operator made on the organisation's request: all time when :start is
-- NULL, else those at or after :start and before :end (ISO dates). One row. Parameters:
-- :org_id, :start, :end.
SELECT count(*) FROM audit_log
WHERE org_id = :org_id AND manual = 1
  AND (:start IS NULL OR (at >= :start AND at < :end))
