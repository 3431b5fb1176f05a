"""The import: read → convert and validate in SQL → load, all in one write transaction.

``import_files`` reads each file's header, detects or takes its kind, then checks and loads
the files in dependency order. Two paths give the same result:

* **Fast path** (a CSV whose header is usable): DuckDB's CSV reader feeds the converters of
  reporting/sql/ingest/import_macros.sql directly into a typed table (no text copy of the file), and
  set-based queries ask whether any row could not be split, broke a row rule or a cross-row
  rule (duplicate keys, references to subscriptions, cost centres and services, bounds, dates
  after the current month). A clean file loads from there.
* **Detailed path** (XLSX, Parquet, a bad header, or the fast path found anything): every cell
  is staged as text (reporting/ingest/readers.py), converted with the same parsers, and each
  row collects its list of problems (column, code, value) for the messages and the download
  of rejected rows. With ``load_valid`` False (the default) any problem rejects the whole
  import and the live database is not touched (the write copy is discarded); with
  ``load_valid`` True the clean rows load and the others are reported.

Files of one kind in one import are one data set: each is checked on its own (a key already
in an earlier file of the kind is a duplicate, as within one file), then they are loaded
together, so the months they share are replaced once, with the lines of all of them.

Loading replaces: charges and usage of the organisation and the months in the files, other
kinds by key. Big tables are inserted sorted by (subscription, date) for fast drill-down.

This module is the orchestration (the steps above and what they report); the parts live in
reporting.ingest.model (options, problems, results), .rules (the native kinds' converters
and row and cross-row rules, as SQL), .focus (the FOCUS mapping and its checks) and .load
(one loader per kind). The public names are importable from here.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb

from reporting.core.db import write_transaction
from reporting.core.identifiers import ORG_ID_RULE, is_valid_org_id, is_valid_ytunnus, register_sql_functions
from reporting.core.sqlfiles import load_sql
from reporting.i18n import t
from reporting.ingest import contract as K
from reporting.ingest import focus, rules
from reporting.ingest.derive import derive_invoices, derive_usage_monthly
from reporting.ingest.load import load_file
from reporting.ingest.model import (
    DEFAULT_MAX_AMOUNT,
    FileResult,
    ImportError_,
    ImportOptions,
    ImportResult,
    Problem,
)
from reporting.ingest.readers import (
    FileProblem,
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
from reporting.ingest.rules import (
    append_problem,
    checks,
    cross_row_rules,
    dup_keys,
    expected_text,
    in_earlier_file,
    problem_sql,
    rounding_flags,
    sql_params,
    used,
)

__all__ = ["DEFAULT_MAX_AMOUNT", "DETAIL_CAP", "FileResult", "ImportError_", "ImportOptions",
           "ImportResult", "Problem", "import_files", "new_import_id"]

DETAIL_CAP = 10_000          # problems and rejected rows kept in detail (counts are exact)
_SCIENTIFIC = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)[eE][+-]?\d+")

Progress = Callable[[float, str], None]


class _Rejected(Exception):
    pass


class _TimedOut(Exception):
    pass



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
        with write_transaction(db_path, orgs=[opts.org_id]) as con:
            if opts.timeout_s:
                timer = threading.Timer(opts.timeout_s, con.interrupt)
                timer.daemon = True
                timer.start()
            con.execute(load_sql("ingest/import_macros"))
            register_sql_functions(con)
            _ensure_org(con, opts)
            today = max(today, _data_now(con))
            staged: list[tuple[FileResult, Staged | None]] = []
            for n, (path, name) in enumerate(files):
                step(0.05 + 0.25 * n / max(1, len(files)), t("ingest.progress.reading", "en", file=name))
                fr = FileResult(name=name, fmt=file_format(Path(path).name))
                result.files.append(fr)
                st_ = _stage(con, Path(path), f"stg{n}", fr, opts, workdir, temp_files, deadline)
                staged.append((fr, st_))
            # Files of one kind are one data set: checked file by file (a key already in an
            # earlier file of the kind is a duplicate, as within one file), then loaded together,
            # so two files of the same month add up instead of the second replacing the first.
            groups: dict[str, list[tuple[FileResult, Staged]]] = {}
            for fr, st_ in staged:
                if st_ is not None:
                    groups.setdefault(fr.kind, []).append((fr, st_))
            derived: set[str] = set()
            invoice_months: set[dt.date] = set()
            n_todo, n = sum(len(g) for g in groups.values()), 0
            for kind in [k for k in K.LOAD_ORDER if k in groups]:
                earlier: list[str] = []         # typed tables of the kind's earlier files
                loadable: list[tuple[FileResult, Staged]] = []
                for fr, st_ in groups[kind]:
                    step(0.3 + 0.6 * n / max(1, n_todo), t("ingest.progress.checking", "en", file=fr.name))
                    n += 1
                    if st_.source is not None and not _fast_check(con, st_, fr, opts, today, earlier):
                        # something needs a message: read the text and take the detailed path
                        if _read_staged(con, st_, fr) is None:
                            continue
                    if not st_.clean:
                        _convert_and_check(con, st_, fr, opts, today, earlier)
                    earlier.append(f"{st_.table}_t")
                    bad = fr.rows_rejected > 0 or any(not p.warning for p in fr.problems if p.row is None)
                    if bad and not opts.load_valid:
                        continue
                    if not opts.load_valid or fr.rows_accepted > 0:
                        loadable.append((fr, st_))
                if loadable:
                    _load_group(con, kind, loadable, opts, result)
                    derived.add(kind)
                    if kind in ("charges", "focus"):
                        invoice_months.update(m for fr, _ in loadable for m in fr.months)
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
    exists = con.execute(load_sql("ingest/organisation_exists"), {"org_id": opts.org_id}).fetchall()[0][0]
    if exists:
        return
    if not is_valid_org_id(opts.org_id):
        # the one rule for a new organisation's id (reporting.core.identifiers)
        raise ImportError_(f"{opts.org_id!r} cannot be an organisation id: use {ORG_ID_RULE}.")
    if not opts.org_name:
        raise ImportError_(f"The organisation {opts.org_id!r} does not exist; give its name "
                           f"(--org-name) to create it.")
    con.execute(load_sql("ingest/organisation_insert"),
                {"org_id": opts.org_id, "name": opts.org_name, "business_id": opts.business_id or ""})


def _data_now(con: duckdb.DuckDBPyConnection) -> dt.date:
    rows = con.execute(load_sql("core/dataset_value"), {"key": "now"}).fetchall()
    try:
        return dt.datetime.fromisoformat(rows[0][0]).date() if rows else dt.date.min
    except ValueError:
        return dt.date.min


def _stamp(con: duckdb.DuckDBPyConnection) -> None:
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    con.execute(load_sql("core/dataset_set"), {"key": "last_import", "value": now})
    con.execute(load_sql("core/dataset_set_default"), {"key": "now", "value": now})
    con.execute(load_sql("core/dataset_set_default"), {"key": "demo", "value": "false"})


def _stage(con, path: Path, table: str, fr: FileResult, opts: ImportOptions, workdir: Path,
           temp_files: list[Path], deadline: float | None = None) -> Staged | None:
    read = opts.read
    if deadline is not None:
        # the XLSX reader process gets what is left of the import's time (DuckDB's reads are
        # interrupted by the import's timer)
        left = max(1.0, deadline - time.perf_counter())
        read = replace(read, limits=replace(read.limits, parse_seconds=min(read.limits.parse_seconds, left)))
    try:
        if fr.fmt == "xlsx":
            st_ = stage_xlsx(con, path, table, read, workdir)
        elif fr.fmt == "parquet":
            st_ = stage_parquet(con, path, table, read.limits)
        else:
            src = prepare_csv(path, read, workdir)
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


def _row_rules(kind: str, mapping: K.Mapping, params: dict,
               opts: ImportOptions) -> tuple[list[str], list[tuple[str, str]]]:
    """The typed columns and single-row rules of a file of ``kind`` (reporting.ingest.rules;
    FOCUS files reporting.ingest.focus)."""
    if kind == "focus":
        return focus.row_rules(mapping, params, opts)
    return rules.row_rules(kind, mapping, params)


def _typed_rules(kind: str, mapping: K.Mapping, params: dict,
                 opts: ImportOptions) -> tuple[list[str], list[str], list[str]]:
    """The same rules over the typed columns, for the fast path."""
    if kind == "focus":
        return focus.typed_rules(mapping, params, opts)
    return rules.typed_rules(kind, mapping, params)


def _fast_check(con, st_: Staged, fr: FileResult, opts: ImportOptions, today: dt.date,
                earlier: Sequence[str] = ()) -> bool:
    """The optimistic path for a CSV with usable headers: convert straight from DuckDB's CSV
    reader into the typed table (no text table), then ask set-based questions of it: did any
    row fail to split, break a row rule or a cross-row rule? True when the file is clean and
    its typed table is ready to load. False when anything needs a message: the typed table is
    dropped, and the caller stages the text and takes the detailed path, which finds and words
    every problem exactly as before. ``earlier``: the typed tables of the earlier files of the
    same kind in this import (a key in one of them is a duplicate).
    """
    src = st_.source
    typed = f"{st_.table}_t"
    params = sql_params(opts, today)
    selects, flags, conds = _typed_rules(fr.kind, st_.mapping, params, opts)
    rounding = rounding_flags(fr.kind, st_.mapping)
    sql = (f"CREATE TEMP TABLE {typed} AS SELECT {', '.join([*selects, *flags, *(r[0] for r in rounding)])} "  # noqa: S608
           f"FROM {csv_scan(st_.table)}")
    con.execute(sql, used(sql, {**params, **csv_scan_params(src)}))
    structural = csv_structural(con, st_.table, src.headers)
    conds += [f"coalesce({w}, false)" for _, w in cross_row_rules(fr.kind, typed, st_.mapping)]
    sql = f"SELECT count(*), coalesce(bool_or({' OR '.join(conds) or 'false'}), false) FROM {typed}"  # noqa: S608
    n, bad = con.execute(sql, used(sql, params)).fetchall()[0]
    dup = dup_keys(fr.kind, st_.mapping)
    if not bad and n and not structural and dup:
        keys = ", ".join(dup[0])
        notnull = " AND ".join(f"{k} IS NOT NULL" for k in dup[0])
        bad = con.execute(f"SELECT EXISTS (SELECT 1 FROM {typed} WHERE {notnull} "  # noqa: S608
                          f"GROUP BY {keys} HAVING count(*) > 1)").fetchall()[0][0]
        for other in earlier:
            if bad:
                break
            bad = con.execute(f"SELECT EXISTS (SELECT 1 FROM {typed} t WHERE "  # noqa: S608
                              f"{in_earlier_file(dup[0], 't', other)})").fetchall()[0][0]
    if structural or bad or not n:
        con.execute(f"DROP TABLE {typed}")
        return False
    st_.clean, st_.source = True, None
    fr.rows_read = n
    _note_rounding(con, st_, fr, typed, rounding)
    return True


def _convert_and_check(con, st_: Staged, fr: FileResult, opts: ImportOptions, today: dt.date,
                       earlier: Sequence[str] = ()) -> None:
    """The detailed path: every cell converted from the staged text, with per row the list of
    problems (column, code, value) that the messages and the rejected-rows download need.
    ``earlier``: the typed tables of the earlier files of the same kind in this import."""
    mapping: K.Mapping = st_.mapping
    base = con.execute(f"SELECT coalesce(min(rowid), 0) FROM {st_.table}").fetchall()[0][0]  # noqa: S608
    st_.base = int(base)
    idx = "_row" if st_.fmt == "xlsx" else f"(rowid - {int(base)})"
    params = sql_params(opts, today)
    selects, errs = _row_rules(fr.kind, mapping, params, opts)
    rounding = rounding_flags(fr.kind, mapping)
    selects = [*selects, *(r[0] for r in rounding)]
    typed = f"{st_.table}_t"
    any_err = " OR ".join(f"coalesce({c}, false)" for c, _ in errs) or "false"
    listed = ", ".join(f"CASE WHEN {c} THEN {e} END" for c, e in errs) or "NULL"
    sql = (f"CREATE TEMP TABLE {typed} AS SELECT {idx} AS _idx, {', '.join(selects)}, "  # noqa: S608
           f"CASE WHEN {any_err} THEN list_filter([{listed}], lambda x: x IS NOT NULL) END AS _errs "
           f"FROM {st_.table}")
    con.execute(sql, used(sql, params))
    for sql in checks(fr.kind, typed, mapping):
        con.execute(sql, used(sql, params))
    dup = dup_keys(fr.kind, mapping)
    if dup:
        for other in earlier:
            con.execute(append_problem(typed, problem_sql(dup[1], "duplicate_across", f"concat_ws(' / ', {', '.join(dup[0])})"),
                                       in_earlier_file(dup[0], typed, other)))
    _collect(con, st_, fr, typed, opts.max_amount)
    _note_rounding(con, st_, fr, typed, rounding)


def _note_rounding(con, st_: Staged, fr: FileResult, typed: str, rounding: list[tuple[str, str, int]]) -> None:
    """A warning for each number column in which values that load have more decimals than the
    column keeps (they are rounded when stored): the first such row, its value and the scale."""
    if not rounding:
        return
    idx, where = ("rowid", "") if st_.clean else ("_idx", "WHERE _errs IS NULL")
    items = ", ".join(f"min({idx}) FILTER (WHERE {flag} IS NOT NULL), arg_min({flag}, {idx})"
                      for _, flag, _ in rounding)
    found = con.execute(f"SELECT {items}, min({idx}) FROM {typed} {where}").fetchall()[0]  # noqa: S608
    header_of = {f"_r_{name.lower()}": st_.mapping.headers[i] for name, i in st_.mapping.columns.items()}
    for k, (_, flag, scale) in enumerate(rounding):
        first, value = found[2 * k], found[2 * k + 1]
        if first is None:
            continue
        if st_.clean:      # transaction-local rowids do not start at 0: count from the first
            row = int(first) - int(found[-1]) + st_.row_offset
        else:
            row = int(first) if st_.fmt == "xlsx" else st_.file_row(int(first))
        fr.warnings.append(Problem(fr.name, row, header_of[flag], "rounded", value, str(scale), warning=True))


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
                expected = expected_text(spec.column(col), e["k"])
            if e["k"] == "too_large":
                expected = f"{max_amount:,}".replace(",", " ")
            code = e["k"]
            if code in ("number", "integer") and _SCIENTIFIC.fullmatch((e["v"] or "").strip()):
                code = "scientific"     # a number in scientific notation is refused, and told so
            p = Problem(fr.name, rowno[i], header_of.get(col, col), code, e["v"] or "", expected)
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


def _load_group(con, kind: str, members: list[tuple[FileResult, Staged]], opts: ImportOptions,
                result: ImportResult) -> None:
    """Load the checked files of one kind as one data set. One file loads as it is; several
    are first put together in one typed table (file order, then row order), so the kind's
    loader replaces the organisation's months (or keys) once, with the lines of every file."""
    if len(members) == 1:
        fr, st_ = members[0]
        load_file(con, st_, fr, opts, result)
        return
    parts = []
    for i, (_, st_) in enumerate(members):
        typed = f"{st_.table}_t"
        if st_.clean:       # the fast path's table: every row valid, file order is its rowid
            parts.append(f"SELECT {i} AS _file, rowid AS _ord, * FROM {typed}")  # noqa: S608
        else:
            parts.append(f"SELECT {i} AS _file, _idx AS _ord, * EXCLUDE (_idx, _errs) "  # noqa: S608
                         f"FROM {typed} WHERE _errs IS NULL")
    group = f"grp_{kind}"
    con.execute(f"CREATE TEMP TABLE {group}_t AS SELECT * FROM ({' UNION ALL BY NAME '.join(parts)}) "  # noqa: S608
                f"ORDER BY _file, _ord")
    together = FileResult(name=members[0][0].name, kind=kind)
    load_file(con, Staged(group, [], "csv", clean=True), together, opts, result)
    loaded = dict(con.execute(f"SELECT _file, count(*) FROM {group}_t GROUP BY 1").fetchall())  # noqa: S608
    month = {"charges": "invoice_month", "focus": "invoice_month",
             "usage": "CAST(date_trunc('month', usage_date) AS DATE)"}.get(kind)
    months: dict[int, list[dt.date]] = {}
    if month:
        for i, m in con.execute(f"SELECT DISTINCT _file, {month} FROM {group}_t ORDER BY 1, 2").fetchall():  # noqa: S608
            months.setdefault(i, []).append(m)
    for i, (fr, _) in enumerate(members):
        fr.rows_loaded = loaded.get(i, 0)
        fr.months = months.get(i, [])
        fr.currencies = together.currencies
    members[0][0].warnings.extend(together.warnings)
    con.execute(f"DROP TABLE {group}_t")


def new_import_id() -> str:
    return uuid.uuid4().hex
