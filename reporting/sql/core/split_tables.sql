-- The tables of a single database file being split into one store per organisation, and
-- whether each has an org_id column (an organisation's rows) or not (shared, or the file's
-- own bookkeeping): reporting/core/db/stores.py decides which is which.
SELECT t.table_name,
       EXISTS (SELECT 1 FROM duckdb_columns() c
               WHERE c.database_name = t.database_name AND c.schema_name = t.schema_name
                 AND c.table_name = t.table_name AND c.column_name = 'org_id') AS has_org
FROM duckdb_tables() t
WHERE t.database_name = current_database() AND t.schema_name = 'main' AND NOT t.temporary
ORDER BY t.table_name
