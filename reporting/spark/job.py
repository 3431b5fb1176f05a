"""The operator-wide monthly batch on Apache Spark: a billing system's charges and usage files
covering every organisation, split per organisation, checked with the importer's rules and the
derived tables computed, written as Hive-partitioned Parquet that the per-tenant stores load
(reporting.spark.load).

    OUT/<table>/organisation=<org_id>/month=<YYYY-MM>/part-*.parquet

Tables: ``charges`` and ``usage_daily`` (the checked lines, in the stores' types, the charges
with their subscription's attributes joined in), ``invoices``, ``cost_monthly``,
``usage_monthly`` and ``usage_subscription_monthly`` (the same statements as the embedded
path's, reporting/sql/spark/*.sql; sums exact, so a figure rounded to the cent where it is shown
equals the embedded one).

The files are the importer's (reporting/ingest/contract.py: its columns, Finnish headers and
vocabularies; the kind detected from the headers) with one more column, the organisation
(``org_id``; also ``organisation``, ``Organisaatio``). The Spark schema is derived from the
contract: every cell is read as text and converted by the contract's column type
(reporting.spark.convert); the rules are the importer's (reporting.ingest.rules): required
cells, unparseable values, closed vocabularies, unknown organisation, subscription and cost
centre (against the stores' reference data), the currency code, months and days after the
current one, amounts above the limit, negative usage, duplicate usage keys (within a file and
across the files of one kind). Any bad row fails the whole batch, as the importer fails an
import: the rejects report names the file, row, column and message, and nothing is written to
the output.

Not expressible here the way the importer does it (see also reporting.spark.convert):

* a CSV record must be one line (a quoted cell with a line break is not joined to its record);
  the file is UTF-8 (a byte-order mark is allowed) and its delimiter is detected from the header;
* a row with more or fewer cells than the header is not reported as such (missing cells are
  empty, extra ones ignored) — the importer's structural check reads the file in Python;
* the warnings (rounded decimals, unknown columns) are not collected: the batch reports only
  what rejects a row;
* other file kinds, XLSX, Parquet and FOCUS inputs are the embedded importer's.

Runs in local mode by default (``local[2]``); the same job runs on a cluster with
``master="spark://host:7077"`` when the input, output and reference paths are on storage that
every executor sees (the driver reads each file's header line and the reference store).
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from reporting.core.months import month_start
from reporting.core.sqlfiles import load_sql
from reporting.ingest import contract as K
from reporting.ingest.model import DEFAULT_MAX_AMOUNT, Problem
from reporting.spark.convert import BATCH_KINDS, convert, text

# The one column the operator-wide file has beyond the importer's contract.
ORG_COLUMN = K.Column("org_id", K.TEXT, True, ("organisation", "organisation_id", "Organisaatio"))

DETAIL_CAP = 10_000          # rejected rows reported in detail (the count is exact)
DELIMITERS = (";", ",", "\t", "|")

# output table -> (the kind it comes from, its month column)
TABLES = {
    "charges": ("charges", "invoice_month"),
    "invoices": ("charges", "invoice_month"),
    "cost_monthly": ("charges", "invoice_month"),
    "usage_daily": ("usage", "usage_date"),
    "usage_monthly": ("usage", "month"),
    "usage_subscription_monthly": ("usage", "month"),
}


class BatchError(Exception):
    """A problem with the request itself (no reference store, unreadable file)."""


@dataclass
class BatchFile:
    """One input file as its header line reads."""

    path: Path
    name: str
    delimiter: str
    headers: list[str]
    kind: str = ""
    columns: dict[str, int] = field(default_factory=dict)   # canonical name -> header index
    problems: list[Problem] = field(default_factory=list)

    def header(self, name: str) -> str:
        i = self.columns.get(name)
        return self.headers[i] if i is not None else name


@dataclass
class BatchResult:
    ok: bool = False
    out: Path | None = None
    rejects_path: Path | None = None
    files: list[BatchFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_rejected: int = 0
    rows: dict[str, int] = field(default_factory=dict)          # kind -> lines read
    organisations: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    seconds: float = 0.0


def session(master: str = "local[2]", app: str = "fokus-spark-batch") -> SparkSession:
    """A SparkSession for the batch: NULL for a value that does not convert (ANSI off, as
    DuckDB's TRY_CAST), dates in UTC, and a rerun replacing only the partitions it writes."""
    return (SparkSession.builder.master(master).appName(app)
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


def quiet(spark: SparkSession) -> SparkSession:
    """Spark's own log at ERROR only (the batch reports what it did itself)."""
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# -- the files' headers ----------------------------------------------------------------------

def inspect_file(path: Path, name: str | None = None) -> BatchFile:
    """The header line of ``path``: delimiter, the organisation column and the kind (the
    importer's detection, reporting.ingest.contract.detect_kind, over the other headers)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    name = name or Path(path).name
    delimiter = max(DELIMITERS, key=first.count)
    headers = next(csv.reader([first], delimiter=delimiter))
    bf = BatchFile(Path(path), name, delimiter, headers)
    org_headers = {K.norm_header(h) for h in ORG_COLUMN.headers}
    org_at = [i for i, h in enumerate(headers) if K.norm_header(h) in org_headers]
    others = [h if i not in org_at else "" for i, h in enumerate(headers)]
    mapping = K.detect_kind(others)
    bf.kind = mapping.kind
    bf.columns = dict(mapping.columns)
    if org_at:
        bf.columns[ORG_COLUMN.name] = org_at[0]
    else:
        bf.problems.append(Problem(name, 1, ORG_COLUMN.name, "missing_column", expected=bf.kind))
    if bf.kind not in BATCH_KINDS:
        bf.problems.append(Problem(name, 1, "", "missing_column", expected=", ".join(BATCH_KINDS)))
    for m in mapping.missing:
        bf.problems.append(Problem(name, 1, m, "missing_column", expected=bf.kind))
    return bf


# -- reading, converting and checking --------------------------------------------------------

def _numbered_lines(spark: SparkSession, bf: BatchFile) -> DataFrame:
    """The file's lines with their line numbers (the header is row 1), computed in the JVM:
    within a file split the lines come in order with consecutive ids, and the splits are put
    in order by their start offset, so a line's number is the lines of the earlier splits plus
    its place in its own."""
    lines = (spark.read.text(str(bf.path))
             .select(F.col("value").alias("_line"), F.col("_metadata.file_block_start").alias("_block"),
                     F.monotonically_increasing_id().alias("_id")))
    blocks = (lines.groupBy("_block").agg(F.min("_id").alias("_first"), F.count(F.lit(1)).alias("_n"))
              .withColumn("_before", F.coalesce(F.sum("_n").over(
                  Window.partitionBy(F.lit(0)).orderBy("_block").rowsBetween(Window.unboundedPreceding, -1)), F.lit(0))))
    return (lines.join(F.broadcast(blocks), "_block")
            .select("_line", (F.col("_before") + F.col("_id") - F.col("_first") + 1).alias("_row")))


def _problem(column: str, code: str, value=None):
    v = F.lit(None).cast("string") if value is None else value.cast("string")
    return F.struct(F.lit(column).alias("c"), F.lit(code).alias("k"), v.alias("v"))


def typed_rows(spark: SparkSession, bf: BatchFile, file_no: int) -> DataFrame:
    """The file's data rows: _file_no, _row, the kind's columns (plus org_id) converted by
    their contract type, and _errs, the row's problems (column, code, value) as the importer's
    reporting.ingest.rules.row_rules records them."""
    spec = K.KINDS[bf.kind]
    schema = ", ".join(f"c{i} STRING" for i in range(len(bf.headers)))
    opts = {"sep": bf.delimiter, "quote": '"', "escape": '"', "mode": "PERMISSIVE"}
    lines = _numbered_lines(spark, bf)
    parsed = (lines.where((F.col("_row") > 1) & (F.trim(F.col("_line")) != ""))
              .select("_row", F.from_csv(F.col("_line"), schema, opts).alias("r")))
    selects = [F.lit(file_no).alias("_file_no"), F.col("_row")]
    errs = []
    for col in (ORG_COLUMN, *spec.columns):
        if col.name not in bf.columns:
            typed, _ = convert(col, F.lit(None).cast("string"))
            selects.append(typed.alias(col.name))
            continue
        raw = F.col(f"r.c{bf.columns[col.name]}")
        typed, code = convert(col, raw)
        selects.append(typed.alias(col.name))
        if col.required:
            errs.append(F.when(text(raw).isNull(), _problem(col.name, "required")))
        if code:
            errs.append(F.when(typed.isNull() & text(raw).isNotNull(), _problem(col.name, code, raw)))
        if col.type == K.INT:
            errs.append(F.when(typed != F.round(typed), _problem(col.name, "integer", raw)))
    return parsed.select(*selects, F.array(*errs).alias("_errs"))


# the reference tables' Spark schemas (the columns of reporting/sql/spark/reference_*.sql)
REFERENCE_SCHEMAS = {
    "organisations": "org_id string",
    "subscriptions": "org_id string, subscription_id string, sub_cost_centre string, "
                     "sub_service_type string, sub_plan string",
    "cost_centres": "org_id string, code string",
}


def _reference(spark: SparkSession, db: Path) -> dict[str, DataFrame]:
    """The stores' reference data (organisations, subscriptions with the attributes copied
    onto charge lines, cost centres), read once with DuckDB on the driver and handed to Spark
    as data (not as a file, which a cluster's executors could not see), and the data set's
    "now"."""
    rows, data_now = reference_rows(db)
    out = {name: spark.createDataFrame(rows[name], schema) for name, schema in REFERENCE_SCHEMAS.items()}
    out["now"] = data_now       # type: ignore[assignment]
    return out


def reference_rows(db: Path) -> tuple[dict[str, list[tuple]], dt.date]:
    """The reference tables' rows and the data set's "now" of the store ``db``: a database
    file, or a store root (reporting/core/db/stores.py), whose tenants' stores each give their
    organisation's rows and whose catalogue gives "now"."""
    from reporting.core.db import stores

    files = ([stores.tenant_path(db, org) for org in stores.tenant_ids(db)] if stores.is_store_root(db)
             else [db])
    rows: dict[str, list[tuple]] = {name: [] for name in REFERENCE_SCHEMAS}
    for path in files:
        con = duckdb.connect(str(path), read_only=True)
        try:
            for name in REFERENCE_SCHEMAS:
                rows[name] += con.cursor().execute(load_sql(f"spark/reference_{name}")).fetchall()
        finally:
            con.close()
    con = duckdb.connect(str(stores.reader_path(db, None)), read_only=True)
    try:
        now = con.cursor().execute(load_sql("core/dataset_value"), {"key": "now"}).fetchall()
    finally:
        con.close()
    try:
        data_now = dt.datetime.fromisoformat(now[0][0]).date() if now else dt.date.min
    except ValueError:
        data_now = dt.date.min
    return rows, data_now


def check(typed: DataFrame, kind: str, ref: dict[str, DataFrame], today: dt.date,
          max_amount: Decimal) -> DataFrame:
    """The cross-row rules of reporting.ingest.rules.cross_row_rules for ``kind``, the
    organisation's existence added, appended to _errs; the subscription's attributes joined in
    (charges). Every reference is per organisation."""
    orgs = ref["organisations"].select("org_id", F.lit(True).alias("_org_known"))
    subs = ref["subscriptions"].withColumn("_sub_known", F.lit(True))
    df = typed.join(F.broadcast(orgs), "org_id", "left").join(subs, ["org_id", "subscription_id"], "left")
    extra = [
        F.when(F.col("org_id").isNotNull() & F.col("_org_known").isNull(),
               _problem("org_id", "unknown_organisation", F.col("org_id"))),
        # (a row of an unknown organisation is told that once, not once more per reference)
        F.when(F.col("subscription_id").isNotNull() & F.col("_sub_known").isNull() & F.col("_org_known").isNotNull(),
               _problem("subscription_id", "unknown_subscription", F.col("subscription_id"))),
        F.when(F.abs(F.col("amount")) > F.lit(max_amount),
               _problem("amount", "too_large", F.round(F.col("amount"), 2))),
    ]
    if kind == "charges":
        centres = ref["cost_centres"].select("org_id", F.col("code").alias("cost_centre"),
                                             F.lit(True).alias("_cc_known"))
        df = df.join(F.broadcast(centres), ["org_id", "cost_centre"], "left")
        extra += [
            F.when(F.col("cost_centre").isNotNull() & F.col("_cc_known").isNull() & F.col("_org_known").isNotNull(),
                   _problem("cost_centre", "unknown_cost_centre", F.col("cost_centre"))),
            F.when(F.col("currency").isNotNull() & ~F.upper(F.col("currency")).rlike("^[A-Z]{3}$"),
                   _problem("currency", "currency", F.col("currency"))),
            F.when(F.col("invoice_month") > F.lit(month_start(today)),
                   _problem("invoice_month", "future", F.date_format("invoice_month", "MM/yyyy"))),
        ]
    else:
        key = ["org_id", *K.KINDS["usage"].key]
        w = Window.partitionBy(*key).orderBy("_file_no", "_row")
        first_file = F.first("_file_no").over(w)
        value = F.concat_ws(" / ", *[F.col(k).cast("string") for k in K.KINDS["usage"].key])
        notnull = F.lit(True)
        for k in key:
            notnull = notnull & F.col(k).isNotNull()
        dup = notnull & (F.row_number().over(w) > 1)
        extra += [
            F.when(F.col("quantity") < 0, _problem("quantity", "negative", F.col("quantity"))),
            F.when(F.col("usage_date") > F.lit(today), _problem("usage_date", "future", F.col("usage_date"))),
            F.when(dup & (first_file == F.col("_file_no")), _problem(key[1], "duplicate", value)),
            F.when(dup & (first_file != F.col("_file_no")), _problem(key[1], "duplicate_across", value)),
        ]
    errs = F.filter(F.concat(F.col("_errs"), F.array(*extra)), lambda x: x.isNotNull())
    return df.withColumn("_errs", errs)


# -- the derived tables ----------------------------------------------------------------------

def _stored_charges(df: DataFrame) -> DataFrame:
    """The checked charge lines as the importer stores them (reporting.ingest.load)."""
    return df.select(
        "org_id", "invoice_month", "subscription_id", "category", "description",
        F.col("quantity").cast("decimal(18,3)").alias("quantity"), "unit",
        F.col("amount").cast("decimal(18,10)").alias("amount"),
        F.coalesce(F.upper(F.col("currency")), F.lit("EUR")).alias("currency"),
        "country", "cost_centre", "sub_cost_centre", "sub_service_type", "sub_plan")


def _stored_usage(df: DataFrame) -> DataFrame:
    return df.select(
        "org_id", "subscription_id", "usage_date", "usage_type",
        F.col("quantity").cast("decimal(18,3)").alias("quantity"), "country",
        F.col("amount").cast("decimal(18,4)").alias("amount"))


def derived(spark: SparkSession, lines: dict[str, DataFrame]) -> dict[str, DataFrame]:
    """Every output table from the checked lines of each kind (reporting/sql/spark/*.sql)."""
    out: dict[str, DataFrame] = {}
    if "charges" in lines:
        charges = _stored_charges(lines["charges"])
        charges.createOrReplaceTempView("charges")
        out["charges"] = charges
        out["invoices"] = spark.sql(load_sql("spark/derive_invoices"))
        out["cost_monthly"] = spark.sql(load_sql("spark/derive_cost_monthly"))
    if "usage" in lines:
        usage = _stored_usage(lines["usage"])
        usage.createOrReplaceTempView("usage_daily")
        out["usage_daily"] = usage
        # kept: usage_subscription_monthly is derived from it (a tenth of the daily rows)
        monthly = spark.sql(load_sql("spark/derive_usage_monthly")).persist(StorageLevel.MEMORY_AND_DISK)
        monthly.createOrReplaceTempView("usage_monthly")
        out["usage_monthly"] = monthly
        out["usage_subscription_monthly"] = spark.sql(load_sql("spark/derive_usage_subscription_monthly"))
    return out


def write_table(df: DataFrame, table: str, out: Path) -> None:
    """OUT/<table>/organisation=<id>/month=<YYYY-MM>/part-*.parquet, one file per partition;
    a rerun replaces the partitions it writes and keeps the others."""
    month_col = TABLES[table][1]
    (df.withColumn("organisation", F.col("org_id"))
       .withColumn("month", F.date_format(F.col(month_col), "yyyy-MM"))
       .repartition("organisation", "month")
       .write.mode("overwrite").partitionBy("organisation", "month").parquet(str(out / table)))


# -- the job ---------------------------------------------------------------------------------

def rejects_path_for(out: Path) -> Path:
    """Where the rejects report goes: beside the output folder, never inside it."""
    return out.parent / f"{out.name}.rejects.csv"


def write_rejects(path: Path, problems: Sequence[Problem]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "row", "column", "code", "value", "message"])
        for p in problems:
            w.writerow([p.file, p.row if p.row is not None else "", p.column, p.code, p.value, p.message("en")])


def run_batch(spark: SparkSession, inputs: Sequence[Path], out: Path, reference: Path, *,
              today: dt.date | None = None, max_amount: Decimal = DEFAULT_MAX_AMOUNT) -> BatchResult:
    """Check ``inputs`` against the reference store ``reference`` (a DuckDB file: its
    organisations, subscriptions and cost centres) and, when every row is clean, write the
    output tables under ``out``. With any bad row nothing is written and the result holds the
    problems (also written to the rejects report, ``rejects_path_for(out)``)."""
    started = time.perf_counter()
    out, reference = Path(out), Path(reference)
    if not reference.exists():
        raise BatchError(f"the reference store {reference} does not exist")
    result = BatchResult(out=out, rejects_path=rejects_path_for(out))
    result.files = [inspect_file(Path(p)) for p in inputs]
    result.problems = [p for bf in result.files for p in bf.problems]
    result.rejects_path.unlink(missing_ok=True)
    if result.problems:
        write_rejects(result.rejects_path, result.problems)
        result.seconds = time.perf_counter() - started
        return result
    ref = _reference(spark, reference)
    today = max(today or dt.date.today(), ref["now"])   # type: ignore[type-var]
    checked: dict[str, DataFrame] = {}
    for kind in BATCH_KINDS:
        members = [(n, bf) for n, bf in enumerate(result.files) if bf.kind == kind]
        if not members:
            continue
        typed = None
        for n, bf in members:
            part = typed_rows(spark, bf, n)
            typed = part if typed is None else typed.unionByName(part)
        checked[kind] = check(typed, kind, ref, today, max_amount).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        bad_rows = []
        for kind, df in checked.items():
            per_file = {r["_file_no"]: (int(r["n"]), int(r["bad"])) for r in df.groupBy("_file_no").agg(
                F.count(F.lit(1)).alias("n"),
                F.sum(F.when(F.size("_errs") > 0, 1).otherwise(0)).alias("bad")).collect()}
            result.rows[kind] = sum(n for n, _ in per_file.values())
            bad = sum(b for _, b in per_file.values())
            result.rows_rejected += bad
            for n, bf in enumerate(result.files):
                if bf.kind == kind and n not in per_file:
                    result.problems.append(Problem(bf.name, 2, "", "header_only"))
            if bad:
                bad_rows += (df.where(F.size("_errs") > 0).select("_file_no", "_row", "_errs")
                             .orderBy("_file_no", "_row").limit(DETAIL_CAP).collect())
        if result.rows_rejected or result.problems:
            for r in sorted(bad_rows, key=lambda r: (r["_file_no"], r["_row"]))[:DETAIL_CAP]:
                bf = result.files[r["_file_no"]]
                for e in r["_errs"]:
                    expected = ""
                    if e["k"] == "enum":
                        col = (ORG_COLUMN if e["c"] == ORG_COLUMN.name else K.KINDS[bf.kind].column(e["c"]))
                        expected = ", ".join(dict.fromkeys([*(col.values or {}).values(), *(col.values or {})]))
                    elif e["k"] == "too_large":
                        expected = f"{max_amount:,}".replace(",", " ")
                    result.problems.append(Problem(bf.name, int(r["_row"]), bf.header(e["c"]), e["k"],
                                                   e["v"] or "", expected))
            write_rejects(result.rejects_path, result.problems)
            return result
        lines = {kind: df.drop("_errs", "_file_no", "_row", "_org_known", "_sub_known", "_cc_known")
                 for kind, df in checked.items()}
        tables = derived(spark, lines)
        for table, df in tables.items():
            write_table(df, table, out)
        for df in tables.values():
            df.unpersist()
        parts = [df.select("org_id").distinct() for df in lines.values()]
        orgs = parts[0]
        for p in parts[1:]:
            orgs = orgs.union(p)
        result.organisations = sorted({r[0] for r in orgs.distinct().collect()})
        result.months = sorted({d.name.split("=", 1)[1] for d in out.glob("*/organisation=*/month=*")})
        result.ok = True
    finally:
        for df in checked.values():
            df.unpersist()
        result.seconds = time.perf_counter() - started
    return result
