"""The operator-wide batch on Apache Spark (reporting.spark, issue 20 point 4): on the small
demo's own charges and usage, exported as the billing system's operator-wide files, the Spark
job's output equals the embedded path's tables row by row, to the cent and beyond (the sums are
exact on both sides); the loader puts it into a store through the write path, bumping only the
organisation loaded; a bad row rejects the batch, names file, row and column, and writes nothing.

One SparkSession for the module (local[2]); Java from `make java`, else the module is skipped."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

if shutil.which("java") is None:
    pytest.skip("java not found: run `make java` (OpenJDK 17 from Debian's packages) for the Spark batch tests",
                allow_module_level=True)

from reporting.spark.job import quiet, run_batch, session
from reporting.spark.load import load_batch

# Each table's columns as compared: enums as text; the monthly usage tables' month is
# carried by the partition folder (month=YYYY-MM), so read from it on the Spark side.
TABLES = {
    "charges": "org_id, invoice_month, subscription_id, CAST(category AS VARCHAR), description, quantity, "
               "unit, amount, currency, country, cost_centre, sub_cost_centre, "
               "CAST(sub_service_type AS VARCHAR), sub_plan",
    "invoices": "org_id, invoice_month, invoice_number, invoice_date, due_date, total_amount, currency",
    "cost_monthly": "org_id, invoice_month, currency, cost_centre, CAST(service_type AS VARCHAR), plan, "
                    "monthly_fee, usage, roaming, one_time, discount, service, amount, lines",
    "usage_daily": "org_id, subscription_id, usage_date, CAST(usage_type AS VARCHAR), quantity, country, amount",
    "usage_monthly": "org_id, subscription_id, month, CAST(usage_type AS VARCHAR), country, quantity, amount, "
                     "active_days, last_usage_date",
    "usage_subscription_monthly": "org_id, month, subscription_id, voice_min, sms, mms, data_mb, "
                                  "roaming_voice_min, roaming_data_mb, amount",
}
MONTH_IN_PATH = ("usage_monthly", "usage_subscription_monthly")


@pytest.fixture(scope="module")
def spark():
    s = quiet(session("local[2]", app="fokus-spark-batch-test"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def billing_files(demo_path, tmp_path_factory) -> tuple[Path, Path]:
    """The demo's charges and usage as one operator-wide file each: charges with Finnish
    headers, months as 3/2026 and amounts with a decimal comma; usage with English headers
    and Finnish dates (d.m.yyyy)."""
    folder = tmp_path_factory.mktemp("billing")
    charges, usage = folder / "laskutus.csv", folder / "kaytto.csv"
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        con.execute(f"""COPY (SELECT org_id AS "Organisaatio",
                 strftime(invoice_month, '%-m/%Y') AS "Laskutuskausi", subscription_id AS "Liittymätunnus",
                 CAST(category AS VARCHAR) AS "Veloituslaji", description AS "Selite",
                 replace(CAST(quantity AS VARCHAR), '.', ',') AS "Määrä", unit AS "Yksikkö",
                 replace(CAST(amount AS VARCHAR), '.', ',') AS "Summa (alv 0 %)", currency AS "Valuutta",
                 country AS "Maa", cost_centre AS "Kustannuspaikka"
               FROM charges ORDER BY org_id, invoice_month, subscription_id)
               TO '{charges}' (HEADER, DELIMITER ';')""")
        con.execute(f"""COPY (SELECT org_id, strftime(usage_date, '%-d.%-m.%Y') AS usage_date, subscription_id,
                 CAST(usage_type AS VARCHAR) AS usage_type, quantity, country, amount
               FROM usage_daily ORDER BY org_id, subscription_id, usage_date)
               TO '{usage}' (HEADER, DELIMITER ',')""")
    finally:
        con.close()
    return charges, usage


@pytest.fixture(scope="module")
def batch(spark, demo_path, billing_files, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run_batch(spark, list(billing_files), out, demo_path)
    assert result.ok, [p.message() for p in result.problems[:5]]
    return result


def _spark_side(con, out: Path, table: str) -> str:
    files = f"'{out / table}/*/*/part-*.parquet'"
    if table in MONTH_IN_PATH:
        return (f"(SELECT * REPLACE (CAST(month || '-01' AS DATE) AS month) FROM read_parquet({files}, "
                f"hive_partitioning = true, hive_types_autocast = false))")
    return f"read_parquet({files}, hive_partitioning = false)"


@pytest.mark.parametrize("table", list(TABLES))
def test_each_table_equals_the_embedded_path_row_by_row(batch, demo_path, table):
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        cols = TABLES[table]
        embedded = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
        spark_rows = con.execute(f"SELECT {cols} FROM {_spark_side(con, batch.out, table)} ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert len(embedded) > 0
    assert len(spark_rows) == len(embedded)
    assert spark_rows == embedded
    # every money column to the cent as well (exact above; the rounded figures the reports show)
    money = [i for i, v in enumerate(embedded[0]) if isinstance(v, Decimal)]
    cent = Decimal("0.01")
    assert [[r[i].quantize(cent) for i in money if r[i] is not None] for r in spark_rows] == \
           [[r[i].quantize(cent) for i in money if r[i] is not None] for r in embedded]


def test_partitions_are_per_organisation_and_month(batch, demo_path):
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        expected = {(o, m.strftime("%Y-%m")) for o, m in
                    con.execute("SELECT DISTINCT org_id, invoice_month FROM charges").fetchall()}
    finally:
        con.close()
    found = {(d.parent.name.split("=")[1], d.name.split("=")[1])
             for d in (batch.out / "invoices").glob("organisation=*/month=*")}
    assert found == expected
    assert batch.organisations == sorted({o for o, _ in expected})


def test_the_loader_writes_through_the_write_path_for_one_organisation(batch, demo_path, tmp_path):
    """Loading one organisation's partitions into a copy of the store: that organisation's
    rows are the batch's (here equal to what was there), its data version changes, the
    others' and the global one do not."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(demo_path, db)
    con = duckdb.connect(str(db))
    try:
        # the organisation's lines and derived rows go first, so that what is there after the
        # load can only have come from the batch
        for table in ("charges", "invoices", "usage_daily", "usage_monthly", "usage_subscription_monthly"):
            con.execute(f"DELETE FROM {table} WHERE org_id = 'kaarna'")
        versions = dict(con.execute("SELECT org_id, version FROM data_versions").fetchall())
    finally:
        con.close()
    loaded = load_batch(batch.out, db, orgs=["kaarna"])
    assert loaded.organisations == ["kaarna"]
    a = duckdb.connect(str(demo_path), read_only=True)
    b = duckdb.connect(str(db), read_only=True)
    try:
        for table, cols in TABLES.items():
            q = f"SELECT {cols} FROM {table} ORDER BY ALL"
            assert b.execute(q).fetchall() == a.execute(q).fetchall(), table
        after = dict(b.execute("SELECT org_id, version FROM data_versions").fetchall())
    finally:
        a.close()
        b.close()
    assert after["kaarna"] != versions.get("kaarna")
    assert {k: v for k, v in after.items() if k != "kaarna"} == {k: v for k, v in versions.items() if k != "kaarna"}


def test_a_bad_row_rejects_the_batch_and_names_file_row_and_column(spark, demo_path, tmp_path):
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        org, sub = con.execute("SELECT org_id, min(subscription_id) FROM subscriptions GROUP BY 1 ORDER BY 1 LIMIT 1"
                               ).fetchall()[0]
    finally:
        con.close()
    good = f"{org};2026-10;{sub};kuukausimaksu;Liittymä;1;kk;19,90;EUR\n"
    lines = [good] * 3000
    lines[4] = f"{org};2026-10;{sub};kuukausimaksu;Liittymä;1;kk;19,9x;EUR\n"          # file row 6
    lines[2500] = f"{org};2026-10;EI-OLE;käyttö;Data;1;kk;1,00;EUR\n"                  # file row 2502
    lines[2999] = f"tuntematon;2026-10;{sub};lahja;Liittymä;1;kk;1,00;EUR\n"           # file row 3001
    bad = tmp_path / "lokakuu.csv"
    bad.write_text("Organisaatio;Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;"
                   "Summa (alv 0 %);Valuutta\n" + "".join(lines), encoding="utf-8")
    empty = tmp_path / "tyhja.csv"          # a usage file of only its header
    empty.write_text("org_id,usage_date,subscription_id,usage_type,quantity\n", encoding="utf-8")
    out = tmp_path / "out"
    # small file splits, so the row numbers are counted across several of them
    spark.conf.set("spark.sql.files.maxPartitionBytes", "16384")
    try:
        result = run_batch(spark, [bad, empty], out, demo_path)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert not result.ok
    assert not out.exists()
    assert result.rows_rejected == 3
    found = {(p.file, p.row, p.column, p.code) for p in result.problems}
    assert found == {
        ("lokakuu.csv", 6, "Summa (alv 0 %)", "number"),
        ("lokakuu.csv", 2502, "Liittymätunnus", "unknown_subscription"),
        ("lokakuu.csv", 3001, "Organisaatio", "unknown_organisation"),
        ("lokakuu.csv", 3001, "Veloituslaji", "enum"),
        ("tyhja.csv", 2, "", "header_only"),
    }
    with open(result.rejects_path, encoding="utf-8", newline="") as fh:
        report = list(csv.DictReader(fh))
    assert {(r["file"], r["row"], r["column"]) for r in report} == {(f, str(r), c) for f, r, c, _ in found}
    assert all(r["message"].startswith(f"{r['file']}") or r["file"] in r["message"] for r in report)


NUMBERS = ["1 234,56", "1234.56", "-12,50", "1.234.567,8", "1,234.5", "12,5O", "1e6", "1_000", "\u22123,5",
           "+4", "1'000.5", ",5", "-.5", "1.234", "1.234.567", "1,2,3", "12\u00a0345", " 7 ", "", "abc", "0,0000000001"]
DATES = ["31.3.2026", "2026-03-31", "2026-3-1", "31.02.2026", "2026-03-31 10:00:00", "2026-03-31T10:00",
         "2026", "2026-03", "1.1.26", "x", "", " 5.6.2025 "]
MONTHS = ["2026-03", "2026-3", "3/2026", "03/2026", "13/2026", "2026-13", "15.3.2026", "2026-03-31", "3.2026", ""]
COUNTRIES = ["se", " SE ", "", "S1", "SWE", None]


def test_the_converters_read_cells_as_the_importers_macros_do(spark):
    """Hostile cells through the Spark converters and through the importer's own DuckDB macros
    (reporting/sql/ingest/import_macros.sql): the same value, or NULL on both sides."""
    from pyspark.sql import functions as F

    from reporting.core.sqlfiles import load_sql
    from reporting.spark import convert

    con = duckdb.connect()
    con.execute(load_sql("ingest/import_macros"))
    cases = {"number": (NUMBERS, convert.number, "imp_num(v, 'auto')"),
             "date": (DATES, convert.date, "imp_date(v, NULL)"),
             "month": (MONTHS, convert.month, "imp_month(v, NULL)"),
             "country": (COUNTRIES, convert.country, "imp_country(v)")}
    for kind, (values, fn, macro) in cases.items():
        rows = list(enumerate(values))
        expected = [con.execute(f"SELECT {macro} FROM (SELECT CAST($v AS VARCHAR) AS v)", {"v": v}).fetchall()[0][0]
                    for _, v in rows]
        got = [r["x"] for r in spark.createDataFrame(rows, "i int, v string")
               .select("i", fn(F.col("v")).alias("x")).orderBy("i").collect()]
        assert list(zip(values, got, strict=True)) == list(zip(values, expected, strict=True)), kind
    con.close()
