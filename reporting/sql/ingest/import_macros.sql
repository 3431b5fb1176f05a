-- Value parsers used by the importer (reporting/ingest/importer.py), created as temporary
-- macros on the writer's connection. Each returns NULL when the text cannot be parsed; the
-- importer turns that into a message naming the file, row and column.

-- Text: trimmed; empty -> NULL.
CREATE OR REPLACE TEMP MACRO imp_text(v) AS nullif(trim(v), '');

-- Numbers: "1 234,56", "1234.56", "-12,50", "1.234.567,8", with spaces, no-break spaces or
-- apostrophes as thousands separators. p_mode: 'comma' (dot = thousands), 'point' (comma =
-- thousands) or 'auto' (the rightmost of , and . is the decimal mark; a lone comma is decimal;
-- dots in groups of three, two or more of them, are thousands).
CREATE OR REPLACE TEMP MACRO imp_clean_num(v) AS
    replace(replace(replace(replace(replace(replace(trim(v), ' ', ''), chr(160), ''), chr(8239), ''),
            '''', ''), chr(8722), '-'), '+', '');
CREATE OR REPLACE TEMP MACRO imp_num_slow(s, p_mode) AS
    CASE
      WHEN s IS NULL OR s = '' THEN NULL
      WHEN NOT regexp_full_match(s, '-?[0-9][0-9.,]*|-?[.,][0-9]+') THEN NULL
      WHEN p_mode = 'comma' THEN TRY_CAST(replace(replace(s, '.', ''), ',', '.') AS DECIMAL(38, 10))
      WHEN p_mode = 'point' THEN TRY_CAST(replace(s, ',', '') AS DECIMAL(38, 10))
      WHEN strpos(s, ',') > 0 AND strpos(s, '.') > 0 THEN
        CASE WHEN length(s) - strpos(reverse(s), ',') > length(s) - strpos(reverse(s), '.')
             THEN TRY_CAST(replace(replace(s, '.', ''), ',', '.') AS DECIMAL(38, 10))
             ELSE TRY_CAST(replace(s, ',', '') AS DECIMAL(38, 10)) END
      WHEN strpos(s, ',') > 0 THEN
        CASE WHEN length(s) - length(replace(s, ',', '')) = 1
             THEN TRY_CAST(replace(s, ',', '.') AS DECIMAL(38, 10)) END
      WHEN regexp_full_match(s, '-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN TRY_CAST(replace(s, '.', '') AS DECIMAL(38, 10))
      ELSE TRY_CAST(s AS DECIMAL(38, 10))
    END;
-- Two cheap tiers come first, each giving exactly what imp_num_slow gives for the cells it
-- takes: a plain number (not in comma mode, where a dot is a thousands separator), then a
-- decimal comma in a cell of only digits, minus signs and commas (not in point mode). Only
-- the other cells pay for the cleaning and the regular expressions. (A CASE, not coalesce:
-- DuckDB then evaluates the slow branch only for the rows that reach it.)
-- DuckDB's own cast also takes scientific notation (1e6) and digit separators (1_000): the
-- first tier is only for cells of digits, signs, points and spaces (imp_plain), so neither is
-- ever a number (the slow tier's patterns refuse them too).
CREATE OR REPLACE TEMP MACRO imp_plain(v) AS trim(v, '0123456789.-+ ') = '';
CREATE OR REPLACE TEMP MACRO imp_num(v, p_mode) AS
    CASE WHEN p_mode <> 'comma' AND imp_plain(v) AND TRY_CAST(v AS DECIMAL(38, 10)) IS NOT NULL
           THEN TRY_CAST(v AS DECIMAL(38, 10))
         WHEN p_mode <> 'point' AND trim(v, '0123456789,-') = ''
              AND TRY_CAST(replace(v, ',', '.') AS DECIMAL(38, 10)) IS NOT NULL
           THEN TRY_CAST(replace(v, ',', '.') AS DECIMAL(38, 10))
         ELSE imp_num_slow(imp_clean_num(v), p_mode) END;

-- The decimals a number cell carries as imp_num reads it (trailing zeros do not count): the
-- digits after its decimal mark, which is the one imp_num takes (p_mode, else the rightmost of
-- , and . ; dots in two or more groups are thousands). A value with more decimals than its
-- column keeps is rounded when stored, and the importer says so.
CREATE OR REPLACE TEMP MACRO imp_mark(s, p_mode) AS
    CASE WHEN p_mode = 'comma' THEN ','
         WHEN p_mode = 'point' THEN '.'
         WHEN strpos(s, ',') > 0 AND strpos(s, '.') > 0 THEN
           CASE WHEN strpos(reverse(s), ',') < strpos(reverse(s), '.') THEN ',' ELSE '.' END
         WHEN strpos(s, ',') > 0 THEN ','
         WHEN length(s) - length(replace(s, '.', '')) > 1 THEN ''
         ELSE '.' END;
CREATE OR REPLACE TEMP MACRO imp_frac_digits(t, mark) AS
    CASE WHEN mark = '' OR strpos(t, mark) = 0 THEN 0 ELSE strpos(reverse(t), mark) - 1 END;
CREATE OR REPLACE TEMP MACRO imp_decimals(v, p_mode) AS
    imp_frac_digits(rtrim(imp_clean_num(v), '0'), imp_mark(imp_clean_num(v), p_mode));

-- A Parquet file's DOUBLE or FLOAT as the plain decimal text imp_num reads: DuckDB writes
-- the shortest text that reads back as the same value, in scientific notation for very small
-- and very large ones (1e-12, 1.2345678901234568e+17); those are written out in full here
-- (0.000000000001, 123456789012345680), so the same number rules apply to every format.
CREATE OR REPLACE TEMP MACRO imp_float_digits(sign, d, q) AS
    CASE WHEN q <= 0 THEN sign || '0.' || repeat('0', -q) || d
         WHEN q >= length(d) THEN sign || d || repeat('0', q - length(d))
         ELSE sign || left(d, q) || '.' || substr(d, q + 1) END;
CREATE OR REPLACE TEMP MACRO imp_float_sci(s) AS
    imp_float_digits(CASE WHEN s[1] = '-' THEN '-' ELSE '' END,
                     replace(split_part(ltrim(s, '-'), 'e', 1), '.', ''),
                     coalesce(nullif(strpos(split_part(ltrim(s, '-'), 'e', 1), '.'), 0) - 1,
                              length(split_part(ltrim(s, '-'), 'e', 1)))
                     + CAST(split_part(s, 'e', 2) AS INTEGER));
CREATE OR REPLACE TEMP MACRO imp_float_text(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN contains(CAST(x AS VARCHAR), 'e') THEN imp_float_sci(CAST(x AS VARCHAR))
         ELSE CAST(x AS VARCHAR) END;

-- Dates: 2026-03-31, 31.3.2026, 31.03.2026 (and an ISO timestamp at any time that day), or
-- the operator's strptime format.
CREATE OR REPLACE TEMP MACRO imp_date(v, p_fmt) AS
    CASE WHEN p_fmt IS NOT NULL THEN TRY_CAST(try_strptime(trim(v), p_fmt) AS DATE)
         ELSE coalesce(TRY_CAST(trim(v) AS DATE),
                       CASE WHEN regexp_full_match(trim(v), '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}')
                            THEN TRY_CAST(try_strptime(trim(v), '%d.%m.%Y') AS DATE) END) END;

-- Timestamps (local time): ISO with or without seconds, or d.m.yyyy H:MM / H.MM.
CREATE OR REPLACE TEMP MACRO imp_ts(v, p_fmt) AS
    coalesce(TRY_CAST(trim(v) AS TIMESTAMP),
             try_strptime(trim(v), ['%d.%m.%Y %H:%M', '%d.%m.%Y %H.%M', '%d.%m.%Y %H:%M:%S']),
             CAST(imp_date(v, p_fmt) AS TIMESTAMP));

-- Invoice month: 2026-03, 3/2026, 03/2026 or any date in the month.
-- The first two tiers take 2026-03 and 3/2026 (digits only, so exactly what the regular
-- expressions below would accept) without a regular expression.
CREATE OR REPLACE TEMP MACRO imp_month(v, p_fmt) AS coalesce(
    CASE WHEN length(v) BETWEEN 6 AND 7 AND v[5] = '-' THEN TRY_CAST(v || '-01' AS DATE) END,
    CASE WHEN length(v) BETWEEN 6 AND 7 AND v[-5] = '/' AND trim(left(v, length(v) - 5), '0123456789') = ''
              AND trim(right(v, 4), '0123456789') = ''
         THEN TRY_CAST(right(v, 4) || '-' || lpad(left(v, length(v) - 5), 2, '0') || '-01' AS DATE) END,
    CASE
      WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{1,2}') THEN
        TRY_CAST(trim(v) || '-01' AS DATE)
      WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{4}') THEN
        TRY_CAST(split_part(trim(v), '/', 2) || '-' || lpad(split_part(trim(v), '/', 1), 2, '0') || '-01' AS DATE)
      ELSE CAST(date_trunc('month', imp_date(v, p_fmt)) AS DATE)
    END);

-- Phone numbers: imp_phone(v) is not a macro but a Python function on the phonenumbers
-- library, registered by reporting.core.identifiers.register_sql_functions.

-- Country: ISO 3166 alpha-2, upper case; empty means FI.
-- (Two letters A-Z compared as one-character strings: the same test as the regular
-- expression [A-Z]{2}, without one per cell.)
CREATE OR REPLACE TEMP MACRO imp_country(v) AS
    CASE WHEN nullif(trim(v), '') IS NULL THEN 'FI'
         WHEN length(upper(trim(v))) = 2 AND upper(trim(v))[1] BETWEEN 'A' AND 'Z'
              AND upper(trim(v))[2] BETWEEN 'A' AND 'Z' THEN upper(trim(v)) END;

-- IMEI: 15 digits (spaces, hyphens and slashes between groups ignored) whose last digit is
-- the Luhn check digit of the first 14; else NULL. (The Python twin, for the demo, is
-- reporting.core.identifiers.make_imei.)
CREATE OR REPLACE TEMP MACRO imp_imei_digits(v) AS
    CASE WHEN regexp_full_match(regexp_replace(trim(v), '[ /-]', '', 'g'), '[0-9]{15}')
         THEN regexp_replace(trim(v), '[ /-]', '', 'g') END;
CREATE OR REPLACE TEMP MACRO imp_imei_sum(d) AS
    list_sum(list_transform(range(1, 16), lambda i:
        CASE WHEN i % 2 = 0
             THEN (CAST(substr(d, i, 1) AS INTEGER) * 2) // 10 + (CAST(substr(d, i, 1) AS INTEGER) * 2) % 10
             ELSE CAST(substr(d, i, 1) AS INTEGER) END));
CREATE OR REPLACE TEMP MACRO imp_imei(v) AS
    CASE WHEN imp_imei_digits(v) IS NOT NULL AND imp_imei_sum(imp_imei_digits(v)) % 10 = 0
         THEN imp_imei_digits(v) END;
