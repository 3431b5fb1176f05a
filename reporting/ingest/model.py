"""What an import is asked (ImportOptions) and what it reports (Problem, FileResult,
ImportResult): shared by the orchestration (reporting.ingest.importer), the rules, the FOCUS
mapping and the loaders, and re-exported by reporting.ingest.importer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from reporting.core.db import DatabaseError
from reporting.i18n import t
from reporting.ingest.readers import ReadOptions

DEFAULT_MAX_AMOUNT = Decimal("1000000")


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


class ImportError_(DatabaseError):
    """A problem with the request itself (unknown organisation, bad option)."""
