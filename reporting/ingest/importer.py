"""The import: read → convert and validate in SQL → load, all in one write transaction.

``import_files`` reads each file's header, detects or takes its kind, then checks and loads
the files in dependency order. Two paths give the same result:

* **Fast path** (a CSV whose header is usable): DuckDB's CSV reader feeds the converters of
  reporting/sql/import_macros.sql directly into a typed table (no text copy of the file), and
  set-based queries ask whether any row could not be split, broke a row rule or a cross-row
  rule (duplicate keys, references to subscriptions, cost centres and services, bounds, dates
  after the current month). A clean file loads from there.
* **Detailed path** (XLSX, Parquet, a bad header, or the fast path found anything): every cell
  is staged as text (reporting/ingest/readers.py), converted with the same parsers, and each
  row collects its list of problems (column, code, value) for the messages and the download
  of rejected rows. With ``load_valid`` False (the default) any problem rejects the whole
  import and the live database is not touched (the write copy is discarded); with
  ``load_valid`` True the clean rows load and the others are reported.

Loading replaces: charges and usage of the organisation and the months in the file, other
kinds by key. Big tables are inserted sorted by (subscription, date) for fast drill-down.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from reporting.core.db import DatabaseError, write_transaction
from reporting.core.identifiers import is_valid_ytunnus, register_sql_functions
from reporting.core.sqlfiles import load_sql
from reporting.i18n import t
from reporting.ingest import contract as K
from reporting.ingest.derive import derive_invoices, derive_usage_monthly
from reporting.ingest.readers import (
    FileProblem,
    ReadOptions,
    Staged,
    csv_scan,
    csv_scan_params,
    csv_structural,
    file_format,
    prepare_csv,
    stage_parquet,
    stage_prepared_csv,
    stage_xlsx,
    uploads_dir,
)

DETAIL_CAP = 10_000          # problems and rejected rows kept in detail (counts are exact)
DEFAULT_MAX_AMOUNT = Decimal("1000000")

Progress = Callable[[float, str], None]


@dataclass
class ImportOptions:
    org_id: str
    org_name: str | None = None
    business_id: str = ""
    kind: str | None = None
    load_valid: bool = False
    read: ReadOptions = field(default_factory=ReadOptions)
    max_amount: Decimal = DEFAULT_MAX_AMOUNT
    fx: dict[str, Decimal] = field(default_factory=dict)     # currency -> EUR per unit
    cost_centre_map: Path | None = None                       # FOCUS SubAccountName -> centre
    today: dt.date | None = None
    timeout_s: float | None = None
    allow_plans: bool = True                                  # the plan catalogue is global


@dataclass
class Problem:
    file: str
    row: int | None
    column: str
    code: str
    value: str = ""
    expected: str = ""
    warning: bool = False

    def message(self, lang: str = "en") -> str:
        where = t("ingest.where.file", lang, file=self.file)
        if self.row is not None:
            where += t("ingest.where.row", lang, row=self.row)
        if self.column:
            where += t("ingest.where.column", lang, column=self.column)
        return f"{where}: " + t(f"ingest.err.{self.code}", lang, value=self.value, expected=self.expected)


@dataclass
class FileResult:
    name: str
    kind: str = ""
    fmt: str = ""
    encoding: str = ""
    delimiter: str = ""
    mapping: list[tuple[str, str]] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    rows_loaded: int = 0
    months: list[dt.date] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    reasons: dict[tuple[str, str], int] = field(default_factory=dict)   # (column, code) -> rows
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    currencies: list[str] = field(default_factory=list)

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rows_rejected


@dataclass
class ImportResult:
    org_id: str
    status: str = "failed"            # loaded | partial | rejected | failed
    files: list[FileResult] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)   # (string key, values)
    error: str = ""
    seconds: float = 0.0

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    def note_texts(self, lang: str = "en") -> list[str]:
        return [t(key, lang, **dict(values)) for key, values in dict.fromkeys(
            (k, tuple(sorted(v.items()))) for k, v in self.notes)]

    @property
    def ok(self) -> bool:
        return self.status == "loaded"

    def rejected_rows(self) -> pd.DataFrame:
        lead = ["source_file", "file_row", "reject_reasons"]
        frames = [f.rejected.assign(source_file=f.name) for f in self.files if len(f.rejected)]
        if not frames:
            return pd.DataFrame(columns=lead)
        out = pd.concat(frames, ignore_index=True)
        return out[[*lead, *[c for c in out.columns if c not in lead]]]


class _Rejected(Exception):
    pass


class _TimedOut(Exception):
    pass


class ImportError_(DatabaseError):
    """A problem with the request itself (unknown organisation, bad option)."""


# -- public entry ----------------------------------------------------------------------------

def import_files(db_path: Path, files: Sequence[tuple[Path, str]], opts: ImportOptions,
                 progress: Progress | None = None) -> ImportResult:
    """Import ``files`` ((server path, name shown in messages)) into the organisation.

    Never raises for bad data: the result says what happened. Raises DatabaseBusy when
    another writer holds the database, ImportError_ for a bad request.
    """
    started = time.perf_counter()
    deadline = started + opts.timeout_s if opts.timeout_s else None

    def step(fraction: float, label: str) -> None:
        # a long query is interrupted by the timer; between queries the deadline is checked here
        if deadline is not None and time.perf_counter() > deadline:
            raise _TimedOut
        if progress:
            progress(fraction, label)

    result = ImportResult(org_id=opts.org_id)
    if not opts.org_id or not opts.org_id.strip():
        raise ImportError_("An organisation id (--org) is required.")
    if opts.business_id and not is_valid_ytunnus(opts.business_id):
        raise ImportError_(f"{opts.business_id!r} is not a valid business ID (Y-tunnus 1234567-8).")
    today = opts.today or dt.date.today()
    workdir = uploads_dir()
    temp_files: list[Path] = []
    timer: threading.Timer | None = None
    try:
        with write_transaction(db_path) as con:
            if opts.timeout_s:
                timer = threading.Timer(opts.timeout_s, con.interrupt)
                timer.daemon = True
                timer.start()
            con.execute(load_sql("import_macros"))
            register_sql_functions(con)
            _ensure_org(con, opts)
            today = max(today, _data_now(con))
            staged: list[tuple[FileResult, Staged | None]] = []
            for n, (path, name) in enumerate(files):
                step(0.05 + 0.25 * n / max(1, len(files)), t("ingest.progress.reading", "en", file=name))
                fr = FileResult(name=name, fmt=file_format(Path(path).name))
                result.files.append(fr)
                st_ = _stage(con, Path(path), f"stg{n}", fr, opts, workdir, temp_files)
                staged.append((fr, st_))
            order = {k: i for i, k in enumerate(K.LOAD_ORDER)}
            todo = sorted([(fr, s) for fr, s in staged if s is not None], key=lambda p: order[p[0].kind])
            derived: set[str] = set()
            invoice_months: set[dt.date] = set()
            for n, (fr, st_) in enumerate(todo):
                step(0.3 + 0.6 * n / max(1, len(todo)), t("ingest.progress.checking", "en", file=fr.name))
                if st_.source is not None and not _fast_check(con, st_, fr, opts, today):
                    # something needs a message: read the text and take the detailed path
                    if _read_staged(con, st_, fr) is None:
                        continue
                if not st_.clean:
                    _convert_and_check(con, st_, fr, opts, today)
                bad = fr.rows_rejected > 0 or any(not p.warning for p in fr.problems if p.row is None)
                if bad and not opts.load_valid:
                    continue
                if not opts.load_valid or fr.rows_accepted > 0:
                    _load(con, st_, fr, opts, result)
                    derived.add(fr.kind)
                    if fr.kind in ("charges", "focus"):
                        invoice_months.update(fr.months)
            blocked = [fr for fr, _ in staged if fr.rows_rejected or any(not p.warning for p in fr.problems)]
            if blocked and not opts.load_valid:
                raise _Rejected
            if not any(fr.rows_loaded for fr in result.files):
                raise _Rejected     # nothing to load: leave the database exactly as it was
            step(0.92, t("ingest.progress.deriving", "en"))
            if "usage" in derived:
                derive_usage_monthly(con, [opts.org_id])
            if derived & {"charges", "focus"}:
                derive_invoices(con, [opts.org_id], sorted(invoice_months))
            _stamp(con)
            step(0.96, t("ingest.progress.writing", "en"))
        result.status = "partial" if result.rows_rejected or any(
            not p.warning for f in result.files for p in f.problems) else "loaded"
        if result.status == "partial" and not result.rows_loaded:
            result.status = "rejected"
    except _Rejected:
        result.status = "rejected"
        for fr in result.files:
            fr.rows_loaded = 0
    except (duckdb.InterruptException, _TimedOut):
        result.status, result.error = "failed", "timeout"
        for fr in result.files:
            fr.rows_loaded = 0
    finally:
        if timer:
            timer.cancel()
        for p in temp_files:
            p.unlink(missing_ok=True)
        result.seconds = time.perf_counter() - started
    if progress:
        progress(1.0, "")
    return result


# -- steps -----------------------------------------------------------------------------------

def _ensure_org(con: duckdb.DuckDBPyConnection, opts: ImportOptions) -> None:
    exists = con.execute("SELECT count(*) FROM organisations WHERE org_id = $o",
                         {"o": opts.org_id}).fetchall()[0][0]
    if exists:
        return
    if not opts.org_name:
        raise ImportError_(f"The organisation {opts.org_id!r} does not exist; give its name "
                           f"(--org-name) to create it.")
    con.execute("INSERT INTO organisations VALUES ($o, $n, $b, NULL)",
                {"o": opts.org_id, "n": opts.org_name, "b": opts.business_id or ""})


def _data_now(con: duckdb.DuckDBPyConnection) -> dt.date:
    rows = con.execute("SELECT value FROM dataset_info WHERE key = 'now'").fetchall()
    try:
        return dt.datetime.fromisoformat(rows[0][0]).date() if rows else dt.date.min
    except ValueError:
        return dt.date.min


def _stamp(con: duckdb.DuckDBPyConnection) -> None:
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    con.execute("INSERT OR REPLACE INTO dataset_info VALUES ('last_import', $v)", {"v": now})
    con.execute("INSERT OR IGNORE INTO dataset_info VALUES ('now', $v)", {"v": now})
    con.execute("INSERT OR IGNORE INTO dataset_info VALUES ('demo', 'false')")


def _stage(con, path: Path, table: str, fr: FileResult, opts: ImportOptions, workdir: Path,
           temp_files: list[Path]) -> Staged | None:
    try:
        if fr.fmt == "xlsx":
            st_ = stage_xlsx(con, path, table, opts.read)
        elif fr.fmt == "parquet":
            st_ = stage_parquet(con, path, table)
        else:
            src = prepare_csv(path, opts.read, workdir)
            if src.tmp:
                temp_files.append(src.tmp)
            st_ = Staged(table, src.headers, "csv", encoding=src.encoding, delimiter=src.delimiter,
                         source=src)
    except FileProblem as p:
        fr.problems.append(Problem(fr.name, p.row, p.column or "", p.code, p.value, p.expected))
        return None
    fr.encoding, fr.delimiter = st_.encoding, st_.delimiter
    # duplicated headers
    seen: dict[str, int] = {}
    for i, h in enumerate(st_.headers):
        key = K.norm_header(h)
        if not key:
            fr.problems.append(Problem(fr.name, 1, f"#{i + 1}", "empty_header"))
        elif key in seen:
            fr.problems.append(Problem(fr.name, 1, h, "duplicate_header", expected=str(seen[key] + 1)))
        else:
            seen[key] = i
    kind = opts.kind
    if kind and kind != "focus" and kind not in K.KINDS:
        raise ImportError_(f"Unknown kind {kind!r}; choose one of {', '.join([*K.KINDS, 'focus'])}.")
    mapping = K.map_headers(st_.headers, kind) if kind else K.detect_kind(st_.headers)
    fr.kind = mapping.kind
    fr.mapping = mapping.rows()
    for h in mapping.unknown:
        fr.warnings.append(Problem(fr.name, 1, h, "unknown_column", expected=fr.kind, warning=True))
    for m in mapping.missing:
        fr.problems.append(Problem(fr.name, 1, m, "missing_column", expected=fr.kind))
    if fr.kind == "plans" and not opts.allow_plans:
        fr.problems.append(Problem(fr.name, None, "", "plans_operator_only"))
    st_.mapping = mapping
    if st_.source is not None and not any(p.row in (1, None) for p in fr.problems):
        return st_       # a CSV with usable headers: read later, by the fast path if it can
    return _read_staged(con, st_, fr)


def _read_staged(con, st_: Staged, fr: FileResult) -> Staged | None:
    """Stage the text of a CSV not read yet, then count the rows and note the rows that could
    not be split. None when there is nothing to check row by row."""
    table = st_.table
    if st_.source is not None:
        src, st_.source = st_.source, None
        staged = stage_prepared_csv(con, src, table)
        st_.structural, st_.row_gaps = staged.structural, staged.row_gaps
    n = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
    fr.rows_read = n + len(st_.structural)
    for s in st_.structural[:DETAIL_CAP]:
        fr.problems.append(Problem(fr.name, s["row"], s["column"], s["code"], s["value"], s["expected"]))
    fr.rows_rejected = len(st_.structural)
    if n == 0 and not st_.structural and not fr.problems:
        fr.problems.append(Problem(fr.name, 2, "", "header_only"))
    if any(p.row in (1, None) for p in fr.problems):
        return None      # the header itself is unusable: nothing can be checked row by row
    return st_


# -- conversion ------------------------------------------------------------------------------

def _enum_expr(raw: str, col: K.Column, params: dict) -> str:
    keys = f"k_{col.name}"
    vals = f"v_{col.name}"
    params[keys] = list(col.values or {})
    params[vals] = list((col.values or {}).values())
    return f"${vals}[list_position(${keys}, lower(trim({raw})))]"


def _conv(col: K.Column, raw: str, params: dict) -> tuple[str, str | None, str]:
    """(typed expression, error code when the text is present but unparseable, SQL type)."""
    ty = col.type
    if ty == K.TEXT:
        return f"imp_text({raw})", None, "VARCHAR"
    if ty in (K.DECIMAL, K.INT):
        return f"imp_num({raw}, $num_mode)", "number" if ty == K.DECIMAL else "integer", "DECIMAL(38, 10)"
    if ty == K.DATE:
        return f"imp_date({raw}, $date_fmt)", "date", "DATE"
    if ty == K.MONTH:
        return f"imp_month({raw}, $date_fmt)", "month", "DATE"
    if ty == K.TIMESTAMP:
        return f"imp_ts({raw}, $date_fmt)", "timestamp", "TIMESTAMP"
    if ty == K.ENUM:
        return _enum_expr(raw, col, params), "enum", "VARCHAR"
    if ty == K.PHONE:
        return f"imp_phone({raw})", "phone", "VARCHAR"
    if ty == K.COUNTRY:
        return f"imp_country({raw})", "country", "VARCHAR"
    if ty == K.COUNTRY_OPT:
        return f"CASE WHEN imp_text({raw}) IS NOT NULL THEN imp_country({raw}) END", "country", "VARCHAR"
    raise ValueError(ty)


def _expected(col: K.Column, code: str) -> str:
    if code == "enum":
        return ", ".join(dict.fromkeys([*col.values.values(), *col.values.keys()]))  # type: ignore[union-attr]
    return ""


def _err(column: str, code: str, value: str = "NULL") -> str:
    return f"{{'c': '{column}', 'k': '{code}', 'v': {value}}}"


def _params(opts: ImportOptions, today: dt.date) -> dict:
    return {"num_mode": opts.read.number_mode(), "date_fmt": opts.read.date_format,
            "org": opts.org_id, "today": today,
            "month_now": today.replace(day=1), "max_amount": opts.max_amount}


def _row_rules(kind: str, mapping: K.Mapping, params: dict,
               opts: ImportOptions) -> tuple[list[str], list[tuple[str, str]]]:
    """The typed columns of a kind (SELECT items over the text columns c0..cN) and the rules
    of a single row: (condition true when the row breaks it, the problem it records)."""
    if kind == "focus":
        return _focus_exprs(mapping, params, opts)
    spec = K.KINDS[kind]
    selects: list[str] = []
    errs: list[tuple[str, str]] = []
    for col in spec.columns:
        if col.name not in mapping.columns:
            _, _, sqltype = _conv(col, "NULL", {})
            selects.append(f"CAST(NULL AS {sqltype}) AS {col.name}")
            continue
        raw = f"c{mapping.columns[col.name]}"
        expr, code, sqltype = _conv(col, raw, params)
        selects.append(f"{expr} AS {col.name}")
        if col.required:
            errs.append((f"imp_text({raw}) IS NULL", _err(col.name, 'required')))
        if code:
            errs.append((f"(({expr}) IS NULL AND imp_text({raw}) IS NOT NULL)", _err(col.name, code, raw)))
        if col.type == K.INT:
            errs.append((f"({expr}) <> round({expr})", _err(col.name, 'integer', raw)))
    return selects, errs


# The stored type of the big tables' columns whose parse is wider (reporting/sql/migrations).
_STORED_TYPES = {
    "charges": {"category": "charge_category", "quantity": "DECIMAL(18, 3)", "amount": "DECIMAL(18, 10)"},
    "usage": {"usage_type": "usage_type", "quantity": "DECIMAL(18, 3)", "amount": "DECIMAL(18, 4)"},
}


def _stored_expr(col: K.Column, item: str, sqltype: str, mapping: K.Mapping) -> str:
    """``item`` ("<parse> AS <name>") converted to ``sqltype``. A number cell that is already a
    plain decimal is cast straight from its text: the same value, without the 16-byte detour."""
    expr = item.rsplit(" AS ", 1)[0]
    if col.type == K.DECIMAL and col.name in mapping.columns:
        raw = f"c{mapping.columns[col.name]}"
        return (f"CASE WHEN $num_mode <> 'comma' AND TRY_CAST({raw} AS {sqltype}) IS NOT NULL "
                f"THEN TRY_CAST({raw} AS {sqltype}) ELSE TRY_CAST(({expr}) AS {sqltype}) END AS {col.name}")
    return f"TRY_CAST(({expr}) AS {sqltype}) AS {col.name}"


def _typed_rules(kind: str, mapping: K.Mapping, params: dict,
                 opts: ImportOptions) -> tuple[list[str], list[str], list[str]]:
    """The row rules of ``_row_rules`` restated over the typed columns, for the fast path.

    Re-evaluating every conversion inside one long OR per row cost more than the conversions
    themselves, so each rule here reads the converted value: for a required column "empty or
    unparseable" is simply "the typed value is NULL" (every converter gives NULL for an empty
    cell, except imp_country, which no required column uses); an optional column that can fail
    to parse carries one extra flag, "the cell was not empty". (typed SELECT items, extra flag
    items, conditions true for a row that breaks a rule.)"""
    selects, errs = _row_rules(kind, mapping, params, opts)
    if kind == "focus":    # small files in practice: the generic form of the same rules
        any_err = " OR ".join(f"coalesce({c}, false)" for c, _ in errs) or "false"
        return selects, [f"({any_err}) AS _bad"], ["_bad"]
    # Straight into the stored types where the big tables' columns are narrower than the parse
    # (DECIMAL(38, 10) is 16 bytes a value; casting and sorting it cost more than the parse).
    # A value the stored type cannot hold becomes NULL, so its row is not clean and the
    # detailed path words the problem from the full-width parse.
    stored = _STORED_TYPES.get(kind, {})
    selects = [_stored_expr(col, item, stored[col.name], mapping) if col.name in stored else item
               for col, item in zip(K.KINDS[kind].columns, selects, strict=True)]
    flags: list[str] = []
    conds: list[str] = []
    for col in K.KINDS[kind].columns:
        if col.name not in mapping.columns:
            continue
        raw = f"c{mapping.columns[col.name]}"
        _, code, _ = _conv(col, raw, {})
        if col.required and col.type != K.COUNTRY:
            conds.append(f"{col.name} IS NULL")
        elif col.required or code:
            flags.append(f"imp_text({raw}) IS NOT NULL AS _p_{col.name}")
            if col.required:
                conds.append(f"NOT _p_{col.name}")
            if code:
                conds.append(f"({col.name} IS NULL AND _p_{col.name})")
        if col.type == K.INT:
            conds.append(f"coalesce({col.name} <> round({col.name}), false)")
    return selects, flags, conds


def _fast_check(con, st_: Staged, fr: FileResult, opts: ImportOptions, today: dt.date) -> bool:
    """The optimistic path for a CSV with usable headers: convert straight from DuckDB's CSV
    reader into the typed table (no text table), then ask set-based questions of it: did any
    row fail to split, break a row rule or a cross-row rule? True when the file is clean and
    its typed table is ready to load. False when anything needs a message: the typed table is
    dropped, and the caller stages the text and takes the detailed path, which finds and words
    every problem exactly as before.
    """
    src = st_.source
    typed = f"{st_.table}_t"
    params = _params(opts, today)
    selects, flags, conds = _typed_rules(fr.kind, st_.mapping, params, opts)
    sql = (f"CREATE TEMP TABLE {typed} AS SELECT {', '.join([*selects, *flags])} "  # noqa: S608
           f"FROM {csv_scan(st_.table)}")
    con.execute(sql, _used(sql, {**params, **csv_scan_params(src)}))
    structural = csv_structural(con, st_.table, src.headers)
    conds += [f"coalesce({w}, false)" for _, w in _rules(fr.kind, typed, st_.mapping)]
    sql = f"SELECT count(*), coalesce(bool_or({' OR '.join(conds) or 'false'}), false) FROM {typed}"  # noqa: S608
    n, bad = con.execute(sql, _used(sql, params)).fetchall()[0]
    dup = _dup_keys(fr.kind, st_.mapping)
    if not bad and n and not structural and dup:
        keys = ", ".join(dup[0])
        notnull = " AND ".join(f"{k} IS NOT NULL" for k in dup[0])
        bad = con.execute(f"SELECT EXISTS (SELECT 1 FROM {typed} WHERE {notnull} "  # noqa: S608
                          f"GROUP BY {keys} HAVING count(*) > 1)").fetchall()[0][0]
    if structural or bad or not n:
        con.execute(f"DROP TABLE {typed}")
        return False
    st_.clean, st_.source = True, None
    fr.rows_read = n
    return True


def _convert_and_check(con, st_: Staged, fr: FileResult, opts: ImportOptions, today: dt.date) -> None:
    """The detailed path: every cell converted from the staged text, with per row the list of
    problems (column, code, value) that the messages and the rejected-rows download need."""
    mapping: K.Mapping = st_.mapping
    base = con.execute(f"SELECT coalesce(min(rowid), 0) FROM {st_.table}").fetchall()[0][0]  # noqa: S608
    st_.base = int(base)
    idx = "_row" if st_.fmt == "xlsx" else f"(rowid - {int(base)})"
    params = _params(opts, today)
    selects, errs = _row_rules(fr.kind, mapping, params, opts)
    typed = f"{st_.table}_t"
    any_err = " OR ".join(f"coalesce({c}, false)" for c, _ in errs) or "false"
    listed = ", ".join(f"CASE WHEN {c} THEN {e} END" for c, e in errs) or "NULL"
    sql = (f"CREATE TEMP TABLE {typed} AS SELECT {idx} AS _idx, {', '.join(selects)}, "  # noqa: S608
           f"CASE WHEN {any_err} THEN list_filter([{listed}], lambda x: x IS NOT NULL) END AS _errs "
           f"FROM {st_.table}")
    con.execute(sql, _used(sql, params))
    for sql in _checks(fr.kind, typed, mapping):
        con.execute(sql, _used(sql, params))
    _collect(con, st_, fr, typed, opts.max_amount)


def _ex(con, sql: str, params: dict | None = None):
    return con.execute(sql, _used(sql, params or {}))


def _used(sql: str, params: dict) -> dict:
    from reporting.core.db import bind_params
    return bind_params(sql, params)


def _focus_exprs(mapping: K.Mapping, params: dict, opts: ImportOptions) -> tuple[list[str], list[str]]:
    def raw(name: str) -> str:
        return f"nullif(imp_text(c{mapping.columns[name]}), 'NULL')" if name in mapping.columns else "NULL"

    params["focus_k"] = list(K.FOCUS_CATEGORIES)
    params["focus_v"] = list(K.FOCUS_CATEGORIES.values())
    params["fx_k"] = [c.upper() for c in opts.fx]
    params["fx_v"] = [Decimal(v) for v in opts.fx.values()]
    cc_k, cc_v = _cost_centre_map(opts.cost_centre_map)
    params["cc_k"], params["cc_v"] = cc_k or [""], cc_v or [""]
    month = f"imp_month({raw('BillingPeriodStart')}, NULL)"
    cat = f"$focus_v[list_position($focus_k, lower({raw('ChargeCategory')}))]"
    billed = f"imp_num({raw('BilledCost')}, 'point')"
    eff = f"imp_num({raw('EffectiveCost')}, 'point')"
    qty = f"coalesce(imp_num({raw('ConsumedQuantity')}, 'point'), imp_num({raw('PricingQuantity')}, 'point'))"
    sub = f"coalesce({raw('SubAccountName')}, {raw('SubAccountId')})"
    selects = [
        f"{month} AS invoice_month",
        "CAST(NULL AS VARCHAR) AS subscription_id",
        f"{cat} AS category",
        f"{raw('ChargeCategory')} AS focus_category",
        f"coalesce({raw('ProviderName')} || ': ', '') || coalesce({raw('ChargeDescription')}, "
        f"{raw('ServiceName')}) AS description",
        f"{raw('ProviderName')} AS provider",
        f"{qty} AS quantity",
        f"coalesce({raw('ConsumedUnit')}, {raw('PricingUnit')}) AS unit",
        f"{billed} AS amount",
        f"{eff} AS effective_amount",
        f"upper({raw('BillingCurrency')}) AS currency",
        f"{raw('ServiceCategory')} AS service_category",
        f"{raw('ServiceName')} AS service_name",
        f"{sub} AS sub_account",
        f"CASE WHEN list_position($cc_k, {sub}) > 0 THEN $cc_v[list_position($cc_k, {sub})] END AS cost_centre",
    ]
    errs = [
        (f"{raw('BillingPeriodStart')} IS NULL", _err("BillingPeriodStart", "required")),
        (f"({month} IS NULL AND {raw('BillingPeriodStart')} IS NOT NULL)",
         _err("BillingPeriodStart", "date", raw("BillingPeriodStart"))),
        (f"{raw('ChargeCategory')} IS NULL", _err("ChargeCategory", "required")),
        (f"({cat} IS NULL AND {raw('ChargeCategory')} IS NOT NULL)",
         _err("ChargeCategory", "focus_category", raw("ChargeCategory"))),
        (f"{raw('BilledCost')} IS NULL", _err("BilledCost", "required")),
        (f"({billed} IS NULL AND {raw('BilledCost')} IS NOT NULL)", _err("BilledCost", "number", raw("BilledCost"))),
        (f"({raw('EffectiveCost')} IS NOT NULL AND {eff} IS NULL)",
         _err("EffectiveCost", "number", raw("EffectiveCost"))),
        (f"({raw('BillingCurrency')} IS NULL OR NOT regexp_full_match(upper({raw('BillingCurrency')}), '[A-Z]{{3}}'))",
         _err("BillingCurrency", "currency", raw("BillingCurrency"))),
        (f"{raw('ServiceName')} IS NULL", _err("ServiceName", "required")),
    ]
    return selects, errs


def _cost_centre_map(path: Path | None) -> tuple[list[str], list[str]]:
    if not path:
        return [], []
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect_delim = ";" if text.count(";") >= text.count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=dialect_delim))
    if not rows:
        return [], []
    head = [K.norm_header(h) for h in rows[0]]
    try:
        ki = next(i for i, h in enumerate(head) if h in ("subaccountname", "sub_account", "subaccount"))
        vi = next(i for i, h in enumerate(head) if h in ("cost_centre", "kustannuspaikka", "costcentre"))
    except StopIteration:
        raise ImportError_("The cost centre mapping file needs the columns SubAccountName and "
                           "cost_centre.") from None
    pairs = [(r[ki].strip(), r[vi].strip()) for r in rows[1:] if len(r) > max(ki, vi) and r[ki].strip()]
    return [k for k, _ in pairs], [v for _, v in pairs]


def _append(typed: str, err: str, where: str) -> str:
    return f"UPDATE {typed} SET _errs = list_append(coalesce(_errs, []), {err}) WHERE {where}"  # noqa: S608


def _dup(typed: str, keys: Sequence[str], column: str) -> str:
    cols = ", ".join(keys)
    notnull = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return (f"UPDATE {typed} SET _errs = list_append(coalesce(_errs, []), {_err(column, 'duplicate', 'd.v')}) "  # noqa: S608
            f"FROM (SELECT _idx, concat_ws(' / ', {cols}) AS v, row_number() OVER "
            f"(PARTITION BY {cols} ORDER BY _idx) AS rn FROM {typed} WHERE {notnull}) d "
            f"WHERE {typed}._idx = d._idx AND d.rn > 1")


def _dup_keys(kind: str, mapping: K.Mapping) -> tuple[list[str], str] | None:
    """The key columns a file of this kind must not repeat, and the column a duplicate is
    reported in; None when the kind has no key or the file lacks one of its columns."""
    if kind == "focus" or not K.KINDS[kind].key:
        return None
    has = mapping.columns.__contains__
    spec = K.KINDS[kind]
    if not all(has(k) or k == "country" for k in spec.key):
        return None
    return [k for k in spec.key if has(k) or k == "country"], spec.key[0]


def _checks(kind: str, typed: str, mapping: K.Mapping) -> list[str]:
    """Cross-row rules for a kind: each an UPDATE appending to _errs of the offending rows."""
    out: list[str] = []
    dup = _dup_keys(kind, mapping)
    if dup:
        out.append(_dup(typed, *dup))
    out += [_append(typed, err, where) for err, where in _rules(kind, typed, mapping)]
    return out


def _rules(kind: str, typed: str, mapping: K.Mapping) -> list[tuple[str, str]]:
    """Cross-row rules other than duplicate keys: (problem, condition over the typed table
    true for the rows that break it). The detailed path records them per row, the fast path
    only asks whether any row breaks one."""
    out: list[tuple[str, str]] = []
    has = mapping.columns.__contains__
    subs = "(SELECT subscription_id FROM subscriptions WHERE org_id = $org)"
    centres = "(SELECT code FROM cost_centres WHERE org_id = $org)"
    services = "(SELECT service_id FROM services WHERE org_id = $org)"
    if kind == "cost_centres" and has("parent"):
        out.append((_err("parent", "unknown_cost_centre", "parent"),
                    f"parent IS NOT NULL AND parent NOT IN (SELECT code FROM {typed} WHERE code IS NOT NULL) "  # noqa: S608
                    f"AND parent NOT IN {centres}"))
        out.append((_err("parent", "self_parent", "parent"), "parent = code"))
    if kind == "subscriptions":
        if has("cost_centre"):
            out.append((_err("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        out.append((_err("closed_on", "closed_before_opened", "CAST(closed_on AS VARCHAR)"),
                    "closed_on < opened_on"))
        if has("plan"):
            out.append((_err("plan", "unknown_plan", "plan"),
                        "plan IS NOT NULL AND monthly_fee IS NULL AND plan NOT IN (SELECT plan FROM plans)"))
    if kind in ("charges", "usage") and has("subscription_id"):
        out.append((_err("subscription_id", "unknown_subscription", "subscription_id"),
                    f"subscription_id IS NOT NULL AND subscription_id NOT IN {subs}"))
    if kind == "charges":
        if has("cost_centre"):
            out.append((_err("cost_centre", "unknown_cost_centre", "cost_centre"),
                        f"cost_centre IS NOT NULL AND cost_centre NOT IN {centres}"))
        if has("currency"):
            out.append((_err("currency", "currency", "currency"),
                        "currency IS NOT NULL AND NOT regexp_full_match(upper(currency), '[A-Z]{3}')"))
    if kind in ("charges", "focus"):
        out.append((_err("invoice_month", "future", "strftime(invoice_month, '%m/%Y')"),
                    "invoice_month > $month_now"))
        out.append((_err("amount", "too_large", "CAST(round(amount, 2) AS VARCHAR)"),
                    "abs(amount) > $max_amount"))
    if kind == "usage":
        out.append((_err("quantity", "negative", "CAST(quantity AS VARCHAR)"), "quantity < 0"))
        out.append((_err("amount", "too_large", "CAST(round(amount, 2) AS VARCHAR)"),
                    "abs(amount) > $max_amount"))
        out.append((_err("usage_date", "future", "CAST(usage_date AS VARCHAR)"),
                    "usage_date > $today"))
    if kind in ("service_events", "tickets"):
        out.append((_err("service_id", "unknown_service", "service_id"),
                    f"service_id IS NOT NULL AND service_id NOT IN {services}"))
    if kind == "service_events":
        out.append((_err("ends_at", "ends_before_start", "CAST(ends_at AS VARCHAR)"),
                    "ends_at < starts_at"))
    return out


def _collect(con, st_: Staged, fr: FileResult, typed: str, max_amount: Decimal) -> None:
    """Counts, problem details and the rejected rows (with their original cells)."""
    mapping: K.Mapping = st_.mapping
    n_bad = con.execute(f"SELECT count(*) FROM {typed} WHERE _errs IS NOT NULL").fetchall()[0][0]  # noqa: S608
    fr.rows_rejected += n_bad
    if not n_bad:
        return
    for c, k, n in con.execute(
            f"SELECT e.c, e.k, count(DISTINCT _idx) FROM (SELECT _idx, unnest(_errs) AS e FROM {typed}) "  # noqa: S608
            "GROUP BY ALL ORDER BY 3 DESC").fetchall():
        fr.reasons[(c, k)] = n
    header_of = {name: mapping.headers[i] for name, i in mapping.columns.items()}
    spec = K.KINDS.get(fr.kind)
    rows = con.execute(
        f"SELECT _idx, _errs FROM {typed} WHERE _errs IS NOT NULL ORDER BY _idx LIMIT {DETAIL_CAP}"  # noqa: S608
    ).fetchall()
    idx_list = [r[0] for r in rows]
    rowno = {i: (i if st_.fmt == "xlsx" else st_.file_row(i)) for i in idx_list}
    reasons: dict[int, list[str]] = {}
    for i, errs in rows:
        for e in errs:
            col = e["c"]
            expected = ""
            if spec is not None and col in {c.name for c in spec.columns}:
                expected = _expected(spec.column(col), e["k"])
            if e["k"] == "too_large":
                expected = f"{max_amount:,}".replace(",", " ")
            p = Problem(fr.name, rowno[i], header_of.get(col, col), e["k"], e["v"] or "", expected)
            if len(fr.problems) < DETAIL_CAP:
                fr.problems.append(p)
            reasons.setdefault(i, []).append(p.message("en").split(": ", 1)[1])
    if st_.fmt == "xlsx":
        sql = f"SELECT * RENAME (_row AS _idx) FROM {st_.table} WHERE _row IN (SELECT unnest($ids))"  # noqa: S608
    else:
        base = st_.base
        sql = f"SELECT rowid - {base} AS _idx, * FROM {st_.table} WHERE rowid - {base} IN (SELECT unnest($ids))"  # noqa: S608
    cells = con.execute(sql, {"ids": idx_list}).df()
    cells = cells.rename(columns={f"c{i}": h or f"#{i + 1}" for i, h in enumerate(mapping.headers)})
    cells.insert(0, "reject_reasons", cells["_idx"].map(lambda i: "; ".join(reasons.get(i, []))))
    cells.insert(0, "file_row", cells["_idx"].map(rowno))
    fr.rejected = cells.drop(columns=["_idx"]).sort_values("file_row").reset_index(drop=True)


# -- loading ---------------------------------------------------------------------------------

def _load(con, st_: Staged, fr: FileResult, opts: ImportOptions, result: ImportResult) -> None:
    typed = f"{st_.table}_t"
    if st_.clean:    # the fast path's table: every row is valid, file order is its rowid
        ok = f"(SELECT rowid AS _idx, * FROM {typed})"  # noqa: S608 (generated table names)
    else:
        ok = f"(SELECT * FROM {typed} WHERE _errs IS NULL)"  # noqa: S608
    p = {"org": opts.org_id}
    kind = fr.kind
    if kind in ("charges", "focus"):
        p.update(fx_k=[c.upper() for c in opts.fx] or [""],
                 fx_v=[Decimal(v) for v in opts.fx.values()] or [Decimal(1)])
        sources = ["focus"] if kind == "focus" else ["native", "demo"]
        fr.months = [r[0] for r in _ex(con, f"SELECT DISTINCT invoice_month FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        fr.currencies = [r[0] for r in _ex(con,
            f"SELECT DISTINCT coalesce(upper(currency), 'EUR') FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        _ex(con, "DELETE FROM charges WHERE org_id = $org AND list_contains($src, source) "
                 "AND list_contains($months, invoice_month)", {**p, "src": sources, "months": fr.months})
        if kind == "focus":
            _ex(con, "DELETE FROM cloud_charges WHERE org_id = $org AND list_contains($months, invoice_month)",
                {**p, "months": fr.months})
        if opts.fx:
            rate = "coalesce($fx_v[list_position($fx_k, coalesce(upper(currency), 'EUR'))], 1)"
            cur = ("CASE WHEN list_position($fx_k, coalesce(upper(currency), 'EUR')) > 0 THEN 'EUR' "
                   "ELSE coalesce(upper(currency), 'EUR') END")
        else:
            rate, cur = "1", "coalesce(upper(currency), 'EUR')"
        amount = f"CAST({'amount' if rate == '1' else 'amount * ' + rate} AS DECIMAL(18, 10))"
        if kind == "focus":
            # the record of each FOCUS line with its FOCUS fields, then its cost line (below)
            eff = f"effective_amount * {rate}" if rate != "1" else "effective_amount"
            sql = (f"INSERT INTO cloud_charges (org_id, invoice_month, category, description, quantity, "  # noqa: S608
                   f"unit, amount, currency, cost_centre, service_category, service_name, sub_account, "
                   f"effective_amount) "
                   f"SELECT $org, invoice_month, CAST(category AS charge_category), description, "
                   f"CAST(quantity AS DECIMAL(18, 3)), unit, {amount}, {cur}, cost_centre, "
                   f"service_category, service_name, sub_account, CAST({eff} AS DECIMAL(18, 10)) "
                   f"FROM {ok} ORDER BY invoice_month")
            _ex(con, sql, _used(sql, p))
        # In month order (the reports read a few months at a time and skip the others), with
        # the subscription's attributes joined in (the write's final stamp then has nothing to
        # rewrite). A date is the cheapest sort key there is: adding the subscription cost a
        # tenth of a big import's time.
        src = "focus" if kind == "focus" else "native"
        country = "country" if kind == "charges" else "NULL"
        sql = (f"INSERT INTO charges (org_id, invoice_month, subscription_id, category, "  # noqa: S608
               f"description, quantity, unit, amount, currency, country, cost_centre, source, sub_cost_centre, "
               f"sub_service_type, sub_plan) "
               f"SELECT $org, l.invoice_month, l.subscription_id, l.category, l.description, l.quantity, "
               f"l.unit, l.amount, l.currency, l.country, l.cost_centre, '{src}', s.cost_centre, "
               f"s.service_type, s.plan FROM ("
               f"SELECT invoice_month, {'subscription_id' if kind == 'charges' else 'NULL'} AS subscription_id, "
               f"CAST(category AS charge_category) AS category, "
               f"description, CAST(quantity AS DECIMAL(18, 3)) AS quantity, unit, {amount} AS amount, "
               f"{cur} AS currency, {country} AS country, cost_centre FROM {ok}) l "
               f"LEFT JOIN subscriptions s ON s.org_id = $org AND s.subscription_id = l.subscription_id "
               f"ORDER BY l.invoice_month")
        _ex(con, sql, _used(sql, p))
        rates = {k.upper(): v for k, v in opts.fx.items()}
        for c in fr.currencies:
            if c in rates:
                result.notes.append(("ingest.note.converted", {"currency": c, "rate": str(rates[c])}))
            elif c != "EUR":
                result.notes.append(("ingest.note.kept_currency", {"currency": c}))
    elif kind == "usage":
        fr.months = [r[0] for r in _ex(con,
            f"SELECT DISTINCT CAST(date_trunc('month', usage_date) AS DATE) FROM {ok} ORDER BY 1").fetchall()]  # noqa: S608
        _ex(con, "DELETE FROM usage_daily WHERE org_id = $org AND "
                    "list_contains($months, CAST(date_trunc('month', usage_date) AS DATE))",
                    {**p, "months": fr.months})
        _ex(con, f"INSERT INTO usage_daily SELECT $org, subscription_id, usage_date, "  # noqa: S608
                    f"CAST(usage_type AS usage_type), CAST(quantity AS DECIMAL(18, 3)), country, "
                    f"CAST(amount AS DECIMAL(18, 4)) FROM {ok} "
                    f"ORDER BY subscription_id, usage_date, usage_type, country", p)
    elif kind == "cost_centres":
        _ex(con, f"DELETE FROM cost_centres WHERE org_id = $org AND code IN (SELECT code FROM {ok})", p)  # noqa: S608
        _ex(con, f"INSERT INTO cost_centres SELECT $org, code, name, parent FROM {ok} ORDER BY code", p)  # noqa: S608
    elif kind == "plans":
        _ex(con, f"DELETE FROM plans WHERE plan IN (SELECT plan FROM {ok})")  # noqa: S608
        _ex(con, f"INSERT INTO plans SELECT plan, CAST(service_type AS service_type), monthly_fee, data_gb, "  # noqa: S608
                    f"CAST(voice_min AS INTEGER), CAST(sms AS INTEGER), coalesce(data_overage_per_gb, 0), "
                    f"coalesce(voice_per_min, 0), coalesce(sms_each, 0) FROM {ok} ORDER BY plan")
    elif kind == "subscriptions":
        new_plans = _ex(con,
            f"INSERT INTO plans (plan, service_type, monthly_fee, data_gb) "  # noqa: S608
            f"SELECT plan, CAST(arg_min(service_type, _idx) AS service_type), arg_min(monthly_fee, _idx), "
            f"arg_min(data_allowance_gb, _idx) FROM {ok} "
            f"WHERE plan IS NOT NULL AND plan NOT IN (SELECT plan FROM plans) GROUP BY plan "
            f"RETURNING plan").fetchall()
        for (plan,) in new_plans:
            fr.warnings.append(Problem(fr.name, None, "plan", "new_plan", plan, warning=True))
        _ex(con, f"DELETE FROM subscriptions WHERE org_id = $org AND subscription_id IN "  # noqa: S608
                    f"(SELECT subscription_id FROM {ok})", p)
        _ex(con, f"INSERT INTO subscriptions SELECT $org, subscription_id, phone_number, user_name, "  # noqa: S608
                    f"cost_centre, plan, CAST(service_type AS service_type), opened_on, closed_on "
                    f"FROM {ok} ORDER BY subscription_id", p)
    elif kind == "services":
        cols = ", ".join(c.name for c in K.KINDS["services"].columns)
        _ex(con, f"DELETE FROM services WHERE org_id = $org AND service_id IN (SELECT service_id FROM {ok})", p)  # noqa: S608
        _ex(con, f"INSERT INTO services SELECT $org, {cols} FROM {ok} ORDER BY service_id", p)  # noqa: S608
    elif kind == "service_events":
        _ex(con, f"DELETE FROM service_events WHERE org_id = $org AND event_id IN (SELECT event_id FROM {ok})", p)  # noqa: S608
        _ex(con, f"INSERT INTO service_events SELECT $org, service_id, event_id, starts_at, ends_at, "  # noqa: S608
                    f"CAST(status AS service_status), title FROM {ok} ORDER BY service_id, starts_at", p)
    elif kind == "tickets":
        _ex(con, f"DELETE FROM tickets WHERE org_id = $org AND ticket_id IN (SELECT ticket_id FROM {ok})", p)  # noqa: S608
        _ex(con, f"INSERT INTO tickets SELECT $org, ticket_id, service_id, CAST(priority AS ticket_priority), "  # noqa: S608
                    f"opened_at, first_response_at, resolved_at, CAST(status AS ticket_status), subject "
                    f"FROM {ok} ORDER BY service_id, opened_at", p)
    fr.rows_loaded = _ex(con, f"SELECT count(*) FROM {ok}").fetchall()[0][0]  # noqa: S608


def new_import_id() -> str:
    return uuid.uuid4().hex
