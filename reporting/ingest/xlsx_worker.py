"""Reading an XLSX sheet in a process of its own: ``python -m reporting.ingest.xlsx_worker``.

openpyxl parses in Python, where nothing in the importer's process (or the app's server) could
stop it, and a small workbook can unpack or expand to gigabytes (a zip bomb, one long shared
string referenced by every cell, a sheet 16,384 columns wide). So reporting.ingest.readers
runs this module as a child process with a wall-clock limit (the parent kills it when the time
is up) and an address-space limit (the child sets RLIMIT_AS on itself before opening the file),
and the child checks the limits on columns, cells, cell text and row text as it reads: every
cell it writes has been counted. Nothing here touches a database.

Protocol: one JSON request on standard input, ``{"path", "out", "sheet", "headers_only",
"limits"}``; one JSON answer on standard output, ``{"headers": [...], "rows": n}`` or
``{"problem": {"code", "row", "column", "value", "expected"}}``. The sheet's rows (not the
header) go to ``out`` as CSV: the file row number, then one quoted text per column.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import resource
import sys
import zipfile
from decimal import Decimal
from typing import Any


class Refused(Exception):
    """The sheet breaks a limit or cannot be read; the fields of a FileProblem."""

    def __init__(self, code: str, row: int | None = None, column: str = "", value: str = "",
                 expected: str = ""):
        super().__init__(code)
        self.fields = {"code": code, "row": row, "column": column, "value": value, "expected": expected}


def cell_text(value: object) -> str | None:
    """A cell as the text the importer's parsers read: dates in ISO form, numbers as plain
    decimals (never in scientific notation: 1e-12 is 0.000000000001, so the importer can say
    when a value has more decimals than it keeps)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


AMPLIFICATION = 16              # text per unpacked byte a sheet may expand to ...
AMPLIFICATION_ALLOWANCE = 16 << 20   # ... beyond this much


def text_limit(path: str, max_unzipped: int) -> int:
    """The text a workbook may expand to: ``max_unzipped`` at most, and at most AMPLIFICATION
    times what it unpacks to (plus AMPLIFICATION_ALLOWANCE). Cells that all point at one long
    shared string expand a small file without bound; real sheets hold less text than XML."""
    with zipfile.ZipFile(path) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    return min(max_unzipped, AMPLIFICATION * unpacked + AMPLIFICATION_ALLOWANCE)


def read(req: dict[str, Any]) -> dict[str, Any]:
    import openpyxl

    limits = req["limits"]
    max_columns, max_cells = limits["max_columns"], limits["max_cells"]
    max_cell, max_row = limits["max_cell_chars"], limits["max_row_bytes"]
    try:
        max_text = text_limit(req["path"], limits["max_unzipped_bytes"])
    except (zipfile.BadZipFile, OSError):
        raise Refused("not_xlsx") from None
    try:
        book = openpyxl.load_workbook(req["path"], read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:
        raise Refused("not_xlsx") from None
    try:
        sheet = req.get("sheet")
        if sheet:
            if sheet not in book.sheetnames:
                raise Refused("no_sheet", value=sheet, expected=", ".join(book.sheetnames))
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        # rows as written in the file, not padded to the width the sheet declares
        ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None for v in header):
            raise Refused("empty")
        width = max(i for i, v in enumerate(header) if v is not None) + 1
        if width > max_columns:
            raise Refused("too_many_columns", row=1, expected=_n(max_columns))
        headers = [(cell_text(v) or "").strip() for v in header[:width]]
        for i, h in enumerate(headers):
            if len(h) > max_cell:
                raise Refused("cell_too_long", row=1, column=f"#{i + 1}", expected=_n(max_cell))
        if req.get("headers_only"):
            return {"headers": headers}
        cells, text, written = len(header), 0, 0
        with open(req["out"], "w", encoding="utf-8", newline="") as out:
            w = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            for n, row in enumerate(rows, start=2):
                if len(row) > max_columns:
                    raise Refused("too_many_columns", row=n, expected=_n(max_columns))
                cells += max(len(row), width)
                if cells > max_cells:
                    raise Refused("too_many_cells", expected=_n(max_cells))
                values = [cell_text(v) for v in row]
                if len(values) > width and any(c not in (None, "") for c in values[width:]):
                    raise Refused("too_many", row=n, expected=str(width))
                values = (values + [None] * width)[:width]
                if all(c is None or c == "" for c in values):
                    continue
                size = 0
                for i, c in enumerate(values):
                    if c is not None:
                        if len(c) > max_cell:
                            raise Refused("cell_too_long", row=n, column=headers[i] or f"#{i + 1}",
                                          expected=_n(max_cell))
                        size += len(c)
                if size > max_row:
                    raise Refused("line_too_long", row=n)
                text += size
                if text > max_text:
                    raise Refused("too_big_unzipped", expected=_n(max_text // (1 << 20)) + " MB")
                w.writerow([n, *("" if c is None else c for c in values)])
                written += 1
        return {"headers": headers, "rows": written}
    finally:
        book.close()


def main() -> int:
    req = json.loads(sys.stdin.read())
    memory = int(req["limits"]["parse_memory"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        answer = read(req)
    except Refused as exc:
        answer = {"problem": exc.fields}
    except MemoryError:
        answer = {"problem": Refused("parse_memory", expected=_n(memory // (1 << 20)) + " MB").fields}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
