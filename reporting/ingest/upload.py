"""What the Admin → Import page needs, kept out of the page: uploads saved under generated
names, the header preview, running an import for the signed-in user (a main user only into
their own organisation, checked here on the server), and tables for the result and the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from reporting.access.permissions import (
    is_operator,
    may_import_into,
    may_import_shared_kinds,
    sees_every_organisation,
)
from reporting.access.scope import User
from reporting.core import config
from reporting.core.db import Database
from reporting.i18n import TIME_ZONE, code_label, t
from reporting.ingest import contract as K
from reporting.ingest import log as import_log
from reporting.ingest.importer import ImportOptions, ImportResult, Problem, import_files
from reporting.ingest.readers import FileProblem, Limits, ReadOptions, read_headers, save_upload

UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "parquet")
PAGE_MAX_UPLOAD_MB = 100           # below server.maxUploadSize (200) in .streamlit/config.toml
PAGE_TIMEOUT_S = 300               # an import started from the page is stopped after this
PREVIEW_SECONDS = 30               # reading an upload's header row for the preview
# What the page lets one upload cost (reporting.ingest.readers.Limits): its size is the upload
# limit, and reading it gets the page's time.
PAGE_LIMITS = Limits(max_bytes=PAGE_MAX_UPLOAD_MB * 1024 * 1024, parse_seconds=PAGE_TIMEOUT_S)
_SESSION_KEY = "_import_uploads"


class RequestError(Exception):
    """The request is not allowed or incomplete; one sentence for the user."""


def kinds_for(user: User) -> list[str]:
    """The file kinds ``user`` may import: one organisation's kinds, and the shared ones (the
    plan catalogue) for the operator."""
    kinds = [*K.KINDS, "focus"]
    if may_import_shared_kinds(user):
        return kinds
    return [k for k in kinds if K.KINDS.get(k) is None or K.KINDS[k].per_org]


def kind_words(kinds: object, lang: str) -> object:
    """A file kind, or a log's comma-separated kinds, in words (``import.kind.<kind>``; a kind
    without a word stays as it is, a missing value too)."""
    if not isinstance(kinds, str):
        return kinds
    return ", ".join(code_label("import.kind", k.strip(), lang) for k in kinds.split(",") if k.strip())


def too_big(size_bytes: int) -> bool:
    """An upload over the page's limit (PAGE_MAX_UPLOAD_MB) is refused before it is read."""
    return size_bytes > PAGE_MAX_UPLOAD_MB * 1024 * 1024


def can_run(user: User, files: int, org_id: str, *, new_org: bool = False, org_name: str | None = None) -> bool:
    """An import can start: files saved, a target organisation, and for a new organisation
    (the operator's) its name."""
    return bool(files) and bool(org_id) and (not (new_org and is_operator(user)) or bool(org_name))


def read_options(*, delimiter: str = "", decimal: str = "auto", encoding: str = "",
                 date_format: str = "", sheet: str = "") -> ReadOptions:
    return ReadOptions(delimiter=delimiter or None, decimal=decimal or "auto", encoding=encoding or None,
                       date_format=date_format or None, sheet=sheet or None, limits=PAGE_LIMITS)


def saved_upload(session: MutableMapping, file_id: str, data, name: str) -> Path:
    """Save an upload once per session under a generated name; the same upload is reused."""
    saved: dict = session.setdefault(_SESSION_KEY, {})
    path = saved.get(file_id)
    if path is None or not Path(path).exists():
        data.seek(0)
        path = save_upload(data, name)
        saved[file_id] = path
    return Path(path)


def forget_uploads(session: MutableMapping) -> None:
    for path in session.pop(_SESSION_KEY, {}).values():
        Path(path).unlink(missing_ok=True)


@dataclass
class Preview:
    kind: str = ""
    mapping: pd.DataFrame = field(default_factory=pd.DataFrame)
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    error: Problem | None = None


def preview(path: Path, name: str, read: ReadOptions, kind: str | None) -> Preview:
    """The detected kind and column mapping of an upload's header row, read within the limits
    of ``read`` (an XLSX in its own process, stopped after PREVIEW_SECONDS)."""
    read = replace(read, limits=replace(read.limits, parse_seconds=min(read.limits.parse_seconds, PREVIEW_SECONDS)))
    try:
        headers = read_headers(path, read)
    except FileProblem as p:
        return Preview(error=Problem(name, p.row, p.column or "", p.code, p.value, p.expected))
    m = K.map_headers(headers, kind) if kind else K.detect_kind(headers)
    table = pd.DataFrame(m.rows(), columns=["file_header", "target_column"])
    return Preview(kind=m.kind, mapping=table, missing=m.missing, unknown=m.unknown)


def parse_fx(text: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for part in filter(None, (p.strip() for p in text.replace(";", " ").split())):
        try:
            cur, rate = part.split("=", 1)
            if len(cur.strip()) != 3:
                raise ValueError
            out[cur.strip().upper()] = Decimal(rate.replace(",", "."))
        except (ValueError, InvalidOperation):
            raise RequestError(f"{part!r}: expected CUR=RATE, e.g. USD=0.92") from None
    return out


def run_import(db: Database | Path, files: list[tuple[Path, str]], *, user: User, org_id: str,
               org_name: str | None, business_id: str, kind: str | None, load_valid: bool,
               read: ReadOptions, fx_text: str, max_amount, lang: str,
               progress: Callable[[float, str], None] | None = None) -> ImportResult:
    """Import for ``user``: the operator into any organisation (creating it when named), a main
    user only into their own; every other role is refused. The attempt is logged. ``db``: the
    app's Database or the path of the analytical database."""
    db_path = Path(db.path if isinstance(db, Database) else db)
    if is_operator(user):
        target = org_id                   # any organisation, a new one when named
    elif user.org_id and may_import_into(user, user.org_id):
        if org_id and org_id != user.org_id:
            raise RequestError(t("import.not_your_org", lang))
        target, org_name, business_id = user.org_id, None, ""
    else:
        raise RequestError(t("common.no_access", lang))
    if not target:
        raise RequestError(t("common.choose_org", lang))
    if not may_import_into(user, target):
        raise RequestError(t("common.no_access", lang))
    if kind and kind not in kinds_for(user):
        raise RequestError(t("ingest.err.plans_operator_only", lang))
    opts = ImportOptions(org_id=target, org_name=org_name or None, business_id=business_id, kind=kind,
                         load_valid=load_valid, read=read, fx=parse_fx(fx_text),
                         max_amount=Decimal(str(max_amount)), timeout_s=PAGE_TIMEOUT_S,
                         allow_plans=may_import_shared_kinds(user))

    def step(fraction: float, label: str) -> None:
        if progress:
            progress(fraction, label)

    try:
        result = import_files(db_path, files, opts, step)
    except Exception as exc:
        from reporting.core.db import DatabaseError

        if isinstance(exc, DatabaseError):
            raise RequestError(str(exc)) from None
        raise
    import_log.record(result, actor=user.user_id, actor_name=user.name, channel="app",
                      load_valid=load_valid, state_path=config.state_path(Path(db_path)))
    from reporting.alerts.evaluate import alerts_after

    alerts_after(result, db_path)
    return result


def notes(result: ImportResult, lang: str) -> list[str]:
    return result.note_texts(lang)


def file_summary(result: ImportResult) -> pd.DataFrame:
    return pd.DataFrame([{"source_file": f.name, "file_kind": f.kind, "rows_read": f.rows_read,
                          "rows_accepted": f.rows_accepted, "rows_rejected": f.rows_rejected,
                          "rows_loaded": f.rows_loaded,
                          "loaded_months": ", ".join(m.strftime("%m/%Y") for m in f.months if isinstance(m, dt.date))}
                         for f in result.files])


def problem_table(result: ImportResult, lang: str) -> pd.DataFrame:
    rows = [{"source_file": p.file, "file_row": p.row, "file_header": p.column,
             "problem": p.message(lang).split(": ", 1)[-1],
             "problem_severity": t("import.warning" if p.warning else "import.error", lang)}
            for f in result.files for p in [*f.problems, *f.warnings]]
    return pd.DataFrame(rows, columns=["source_file", "file_row", "file_header", "problem", "problem_severity"])


def log_for(user: User, limit: int = 200) -> pd.DataFrame:
    """The operator sees every import; a main user their organisation's. Newest first;
    ``imported_at`` in Helsinki time."""
    df = import_log.recent(None if sees_every_organisation(user) else (user.org_id or "\0"), limit)
    # the store's times are UTC (SQLite CURRENT_TIMESTAMP); people read Helsinki time, like
    # every other time of the product (the data's times are local wall-clock times)
    df = df.assign(at=pd.to_datetime(df["at"], utc=True).dt.tz_convert(TIME_ZONE).dt.tz_localize(None))
    out = df.rename(columns={"at": "imported_at", "actor_name": "imported_by", "kinds": "file_kinds",
                             "files": "file_names", "mode": "import_mode", "result": "import_result",
                             "message": "problem"})
    return out[["imported_at", "imported_by", "org_id", "file_kinds", "file_names", "import_mode", "rows_read",
                "rows_loaded", "rows_rejected", "import_result", "problem"]]
