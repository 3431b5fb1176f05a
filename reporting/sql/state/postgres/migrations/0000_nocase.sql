-- PostgreSQL only: SQLite's NOCASE collation (e-mail addresses are unique whatever their case),
-- as a case-insensitive ICU collation of the same name.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
