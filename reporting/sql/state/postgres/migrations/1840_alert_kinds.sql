-- PostgreSQL version of 1840: the alert rule's kind is checked where rules are made
-- (reporting.alerts.rules.KINDS), not by the table. PostgreSQL drops the CHECK in place (its
-- name is the one PostgreSQL gives a column's CHECK); SQLite had to rebuild four tables.
ALTER TABLE alert_rules DROP CONSTRAINT IF EXISTS alert_rules_kind_check;
