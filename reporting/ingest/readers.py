"""Readers: CSV (sniffed, with overrides), XLSX and Parquet into a DuckDB staging table of text.

Every reader produces the same thing: a temporary table ``<name>`` with columns ``c0 .. cN``
(VARCHAR, the cells as written) in file order, plus the header list. Conversion and
validation then happen once, in SQL (reporting/ingest/importer.py), whatever the format.

The fast path for clean UTF-8 CSV hands the file straight to DuckDB's parallel CSV reader.
Other encodings are first transcoded to a UTF-8 copy beside the upload (streamed, bounded
memory). Only server-side paths reach DuckDB, always as bound parameters: a user-supplied
name never does (uploads are saved under generated names by ``save_upload``).

Every path that reads a user's file (the import and the page's preview) keeps to ``Limits``:
bytes, unpacked bytes, columns, cells, cell and row text, and time. CSV is checked as it is
scanned (in bounded chunks, before DuckDB sees it); XLSX is parsed by a child process
(reporting/ingest/xlsx_worker.py) that the parent stops at its wall-clock limit and whose
address space is limited; Parquet's metadata is checked before its data is read, and DuckDB
reads it on the writer's connection, under its memory limit and the import's interrupt timer.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from reporting.core import config

CHUNK = 8 << 20
DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16",
             "utf16": "utf-16", "utf-16-le": "utf-16-le", "utf-16le": "utf-16-le",
             "utf-16-be": "utf-16-be", "utf-16be": "utf-16-be", "windows-1252": "cp1252", "cp1252": "cp1252",
             "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1",
             "iso-8859-15": "iso-8859-15"}
SAFE_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|txt|tsv|xlsx|parquet)(\.utf8\.csv)?$")
MAX_LINE_BYTES = 1 << 20         # one CSV line, one row's text (DuckDB's max_line_size below)
MAX_CELL_CHARS = 32_767          # one cell's text: Excel's own limit
MAX_PARQUET_FOOTER = 16 << 20    # a Parquet file's metadata (its schema and row groups)


@dataclass(frozen=True)
class Limits:
    """What reading one user's file may cost. Every path that reads a file (the import and
    the page's preview, CSV, XLSX and Parquet alike) checks these before or while it reads,
    and refuses the file with a message naming the limit."""

    max_bytes: int = 8 << 30                # the file as uploaded
    max_unzipped_bytes: int = 1 << 30       # an XLSX unpacked (and its text), Parquet's column data
    max_columns: int = 1_000                # header cells; fields on any row
    max_cells: int = 50_000_000             # rows x columns of an XLSX sheet or a Parquet file
    max_cell_chars: int = MAX_CELL_CHARS    # one cell's text
    max_row_bytes: int = MAX_LINE_BYTES     # one row (a CSV line, an XLSX row's text)
    parse_seconds: float = 600.0            # wall clock of the XLSX reader process
    parse_memory: int = 2 << 30             # address space of the XLSX reader process


def _mb(n: int) -> str:
    if n >= 1 << 30 and n % (1 << 30) == 0:
        return f"{n >> 30} GB"
    if n < 1 << 20:
        return f"{_count(n)} bytes"
    return f"{n / (1 << 20):,.0f} MB".replace(",", " ")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


class FileProblem(Exception):
    """The file cannot be read at all. ``code`` selects the message (reporting/i18n/strings/
    ingest.py); ``row`` (1 = header) and ``column`` locate it."""

    def __init__(self, code: str, *, row: int | None = None, column: str | None = None,
                 value: str = "", expected: str = ""):
        super().__init__(code)
        self.code, self.row, self.column, self.value, self.expected = code, row, column, value, expected


@dataclass
class ReadOptions:
    delimiter: str | None = None        # ';' ',' 'tab'; None = sniff
    decimal: str = "auto"               # 'comma', 'point', 'auto'
    thousands: str = "auto"             # 'space', 'nbsp', 'dot', 'none', 'auto'
    encoding: str | None = None         # None = detect (BOM, UTF-8, else Windows-1252)
    date_format: str | None = None      # strptime format, e.g. %d.%m.%Y; None = ISO or d.m.yyyy
    sheet: str | None = None            # XLSX sheet name; None = first
    limits: Limits = field(default_factory=Limits)

    def number_mode(self) -> str:
        if self.thousands == "dot":
            return "comma"
        return self.decimal if self.decimal in ("comma", "point") else "auto"


@dataclass
class Staged:
    table: str
    headers: list[str]
    fmt: str                            # csv | xlsx | parquet
    row_offset: int = 2                 # file row of the first data row (header is row 1)
    encoding: str = ""
    delimiter: str = ""
    structural: list[dict] = field(default_factory=list)   # rows DuckDB could not split
    row_gaps: list[int] = field(default_factory=list)      # file rows dropped before staging
    mapping: Any = None                                    # contract.Mapping, set by the importer
    base: int = 0                                          # rowid of the first staged row
    source: Any = None                                     # CsvSource not read yet (no table)
    clean: bool = False                                    # typed table checked clean (fast path)

    def file_row(self, index: int) -> int:
        """File row of the index-th staged row (0-based), skipping dropped rows."""
        row = index + self.row_offset
        for gap in self.row_gaps:
            if gap <= row:
                row += 1
            else:
                break
        return row


# -- uploads ---------------------------------------------------------------------------------

def uploads_dir() -> Path:
    env = os.environ.get("REPORTING_UPLOADS")
    path = Path(env) if env else config.DATA_DIR / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"


UPLOAD_MAX_AGE_S = 24 * 3600


def save_upload(data: bytes | io.BufferedIOBase, original_name: str) -> Path:
    """Store an upload under a server-generated name; the user's name only picks the format.
    Uploads abandoned for a day are removed on the way."""
    ext = {"xlsx": "xlsx", "parquet": "parquet", "csv": "csv"}[file_format(original_name)]
    folder = uploads_dir()
    cutoff = time.time() - UPLOAD_MAX_AGE_S
    for old in folder.iterdir():
        if SAFE_NAME.match(old.name) and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    path = folder / f"{uuid.uuid4().hex}.{ext}"
    with open(path, "wb") as out:
        if isinstance(data, bytes):
            out.write(data)
        else:
            while chunk := data.read(CHUNK):
                out.write(chunk)
    return path


def safe_source(path: Path) -> Path:
    """A path DuckDB may read: a regular file, no glob characters (DuckDB would expand them)."""
    resolved = path.resolve()
    if any(ch in str(resolved) for ch in "*?[]{}"):
        raise FileProblem("bad_path")
    if not resolved.is_file():
        raise FileProblem("not_found")
    return resolved


# -- CSV -------------------------------------------------------------------------------------

def _line_of(data: bytes, offset: int) -> int:
    before = data[:offset]
    n = before.count(b"\n")
    return (n or before.count(b"\r")) + 1


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_order(head: bytes) -> str | None:
    """UTF-16 without a byte order mark, told by where the NUL bytes are: text in the Latin
    alphabets has a zero high byte in almost every character (odd bytes for little-endian,
    even for big-endian). None when the bytes do not look like UTF-16."""
    sample = head[: min(len(head), 4096) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(odd)
    if odd.count(0) >= 0.3 * n and even.count(0) <= 0.05 * n:
        return "utf-16-le"
    if even.count(0) >= 0.3 * n and odd.count(0) <= 0.05 * n:
        return "utf-16-be"
    return None


@dataclass
class _Endings:
    """The line endings of a file, counted chunk by chunk: DuckDB's reader takes a file whose
    lines all end in LF or all in CRLF; anything else (a mix, old Mac CR-only files, a bare CR
    inside a line) goes through ``_transcode``, which reads it or names the row."""

    lf_before_cr: bool = False      # an LF in a chunk before the first CR
    lf: int = 0                     # counted from the first chunk with a CR on
    cr: int = 0
    crlf: int = 0
    prev_cr: bool = False

    def feed(self, chunk: bytes) -> None:
        if not self.cr and not self.prev_cr and chunk.find(b"\r") < 0:
            self.lf_before_cr = self.lf_before_cr or chunk.find(b"\n") >= 0
            return
        self.lf += chunk.count(b"\n")
        self.cr += chunk.count(b"\r")
        self.crlf += chunk.count(b"\r\n") + (1 if self.prev_cr and chunk[:1] == b"\n" else 0)
        self.prev_cr = chunk[-1:] == b"\r"

    @property
    def uniform(self) -> bool:
        return self.cr == 0 or (not self.lf_before_cr and self.cr == self.crlf == self.lf)


def _scan_utf8(path: Path, rows: _RowScan | None = None) -> tuple[bool, FileProblem | None, _Endings]:
    """Check the file is NUL-free UTF-8, chunk by chunk, and note its line endings.
    (ok, problem, endings): ok False with no problem means 'not UTF-8' (the caller may fall
    back to another encoding).

    Pure-ASCII chunks (the common case) are not decoded, and lines are only counted when a
    problem needs its row number (counting every chunk's newlines cost more than the check).
    ``rows`` sees every chunk too (the row limits, in the same pass)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    clean_state = decoder.getstate()
    endings = _Endings()
    offset = 0          # file offset of the current chunk
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            endings.feed(chunk)
            if rows is not None:
                rows.feed(chunk)
            nul = chunk.find(b"\x00")
            if not (chunk.isascii() and decoder.getstate() == clean_state):
                try:
                    decoder.decode(chunk if nul < 0 else chunk[:nul])
                except UnicodeDecodeError as exc:
                    return False, FileProblem("encoding", row=_lines_before(path, offset) + _line_of(chunk, exc.start),
                                              value=chunk[exc.start:exc.start + 4].hex(" "),
                                              expected="utf-8"), endings
            if nul >= 0:
                return False, FileProblem("nul", row=_lines_before(path, offset) + _line_of(chunk, nul)), endings
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, FileProblem("encoding", row=_lines_before(path, offset) + 1, expected="utf-8"), endings
    return True, None, endings


def _lines_before(path: Path, offset: int) -> int:
    """Newlines in the first ``offset`` bytes (whole chunks, as the scan read them)."""
    lines = 0
    with open(path, "rb") as f:
        while offset > 0:
            chunk = f.read(min(CHUNK, offset))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            offset -= len(chunk)
    return lines


def _transcode(path: Path, encoding: str, out_dir: Path) -> Path:
    """A UTF-8 copy of ``path`` with LF line endings; problems name the row.

    Lines may end in LF, CRLF or a mix of the two; a file whose first line ends in a bare CR
    (old Mac files) has CR line endings. In a file with LF or CRLF line endings a bare CR
    inside a line is refused with its row: DuckDB's reader would take it for a line end, and
    reading it as one would shift every later row."""
    out = out_dir / f"{uuid.uuid4().hex}.utf8.csv"
    row = 1
    mode = ""           # "lf" (LF or CRLF line endings) or "cr", from the first line
    try:
        # newline="": lines split at LF, CRLF and CR, returned with their ending as written
        with open(path, encoding=encoding, errors="strict", newline="") as src, \
                open(out, "w", encoding="utf-8", newline="\n") as dst:
            for line in src:
                if "\x00" in line:
                    raise FileProblem("nul", row=row)
                if line.endswith("\n"):
                    body, end = line[:-2] if line.endswith("\r\n") else line[:-1], "lf"
                elif line.endswith("\r"):
                    body, end = line[:-1], "cr"
                else:
                    body, end = line, ""
                mode = mode or end
                if end == "cr" and mode == "lf":
                    raise FileProblem("bare_cr", row=row)
                dst.write((body.lstrip("\ufeff") if row == 1 else body) + ("\n" if end else ""))
                row += 1
    except UnicodeDecodeError as exc:
        out.unlink(missing_ok=True)
        raise FileProblem("encoding", row=row, value=exc.object[exc.start:exc.start + 4].hex(" "),
                          expected=encoding) from None
    except UnicodeError:      # e.g. UTF-16 that ends in half a character
        out.unlink(missing_ok=True)
        raise FileProblem("encoding", row=row, expected=encoding) from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _first_line(path: Path) -> str:
    """The header line (UTF-8). A file whose first MAX_LINE_BYTES hold no line end has no
    usable header: refused, rather than cut."""
    with open(path, "rb") as f:
        head = f.read(MAX_LINE_BYTES + 1)
    return _line_in(codecs.getincrementaldecoder("utf-8")("replace").decode(head), len(head) > MAX_LINE_BYTES)


def _line_in(text: str, more: bool) -> str:
    """The first line of ``text``; ``more``: the file goes on after ``text``."""
    text = text.lstrip("\ufeff")
    m = re.search(r"\r\n|\n|\r", text)
    if m is None and more:
        raise FileProblem("line_too_long", row=1)
    return text[: m.start()] if m else text


def header_cells(line: str, delimiter: str, limits: Limits | None = None) -> list[str]:
    """The header row's cells (stripped). More than ``max_columns`` cells, or a cell over
    ``max_cell_chars``, is refused with a message (the csv module's own limit, 131,072
    characters, would otherwise end in its error)."""
    limits = limits or Limits()
    if line.count(delimiter) >= limits.max_columns and _fields(line.encode(), delimiter.encode()) > limits.max_columns:
        raise FileProblem("too_many_columns", row=1, expected=_count(limits.max_columns))
    try:
        cells = next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])
    except csv.Error:
        raise FileProblem("cell_too_long", row=1, expected=_count(limits.max_cell_chars)) from None
    for i, cell in enumerate(cells):
        if len(cell) > limits.max_cell_chars:
            raise FileProblem("cell_too_long", row=1, column=f"#{i + 1}", expected=_count(limits.max_cell_chars))
    return [h.strip() for h in cells]


def _fields(line: bytes, delimiter: bytes) -> int:
    """The fields of one CSV line: delimiters outside quotes, plus one."""
    return 1 + sum(part.count(delimiter) for part in line.split(b'"')[0::2])


class _RowScan:
    """Physical lines of a CSV file, fed chunk by chunk: notes the first line over
    ``max_row_bytes`` or with more fields than ``max_columns`` (DuckDB's reader spends time
    growing faster than the number of extra fields on such a row, and a huge header exhausts
    its memory). Only lines long enough to hold that many fields are counted, so a normal file
    costs one vectorised search for line ends per chunk."""

    def __init__(self, delimiter: str, limits: Limits):
        self.delim = delimiter.encode()
        self.limits = limits
        self.row = 1                    # the physical line in progress (1 = header)
        self.carry = b""                # its bytes so far
        self.problem: FileProblem | None = None

    def feed(self, chunk: bytes) -> None:
        if self.problem is not None:
            return
        ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
        if not ends.size:
            self._carry(chunk)
            return
        first = int(ends[0])
        self._check(self.carry + chunk[:first] if len(self.carry) + first >= self.limits.max_columns
                    else b"", self.row, len(self.carry) + first)
        if ends.size > 1:
            lengths = np.diff(ends) - 1
            for j in np.flatnonzero(lengths >= min(self.limits.max_columns, self.limits.max_row_bytes + 1)):
                if self.problem is not None:
                    break
                self._check(chunk[int(ends[j]) + 1:int(ends[j + 1])], self.row + 1 + int(j), int(lengths[j]))
        self.row += int(ends.size)
        self.carry = b""
        self._carry(chunk[int(ends[-1]) + 1:])

    def _carry(self, data: bytes) -> None:
        self.carry += data
        if len(self.carry) > self.limits.max_row_bytes and self.problem is None:
            self.problem = FileProblem("line_too_long", row=self.row)

    def _check(self, line: bytes, row: int, length: int) -> None:
        if self.problem is not None:
            return
        if length > self.limits.max_row_bytes:
            self.problem = FileProblem("line_too_long", row=row)
        elif length >= self.limits.max_columns and _fields(line, self.delim) > self.limits.max_columns:
            self.problem = FileProblem("too_many_columns", row=row, expected=_count(self.limits.max_columns))

    def finish(self) -> FileProblem | None:
        if self.carry:
            self._check(self.carry, self.row, len(self.carry))
        return self.problem


def _scan_rows(path: Path, delimiter: str, limits: Limits) -> FileProblem | None:
    scan = _RowScan(delimiter, limits)
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            scan.feed(chunk)
            if scan.problem is not None:
                break
    return scan.finish()


def _encoding_of(head: bytes, opts: ReadOptions) -> str | None:
    """The encoding from the byte order mark, the option, or UTF-16's NUL pattern; None:
    detect (UTF-8, else Windows-1252). UTF-16 named without a byte order mark takes the byte
    order from the NUL pattern (little-endian when it cannot be told)."""
    declared = ENCODINGS.get((opts.encoding or "").lower()) if opts.encoding else None
    if opts.encoding and declared is None:
        raise FileProblem("bad_option", value=opts.encoding, column="encoding")
    bom = _bom_encoding(head)
    if bom:
        return bom
    if declared == "utf-16":
        return _utf16_order(head) or "utf-16-le"
    return declared or _utf16_order(head)


def sniff_delimiter(line: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t", "|")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


@dataclass
class CsvSource:
    """A CSV file ready for DuckDB's reader: UTF-8 (the upload itself, or a transcoded copy),
    its delimiter and header cells."""

    path: Path                          # what DuckDB reads (a server path)
    headers: list[str]
    encoding: str
    delimiter: str
    tmp: Path | None = None             # the transcoded copy to delete afterwards, if any

    def columns(self) -> dict[str, str]:
        return {f"c{i}": "VARCHAR" for i in range(len(self.headers))}


def prepare_csv(path: Path, opts: ReadOptions, workdir: Path) -> CsvSource:
    """Detect (or take) the encoding, transcode to UTF-8 when needed, sniff the delimiter, read
    the header row and check the row limits (``opts.limits``). Reads no data rows into DuckDB."""
    path = safe_source(path)
    limits = opts.limits
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("empty")
    if size > limits.max_bytes:
        raise FileProblem("too_big", expected=_mb(limits.max_bytes))
    with open(path, "rb") as f:
        head = f.read(4096)
    encoding = _encoding_of(head, opts)
    tmp: Path | None = None
    source = path
    rows: _RowScan | None = None
    if encoding in (None, "utf-8"):
        # the delimiter from the raw header line, so the row limits are checked in the same pass
        rows = _RowScan(_delimiter(_first_line(path), opts), limits)
        ok, problem, endings = _scan_utf8(path, rows)
        if ok and not endings.uniform:
            # mixed LF and CRLF, CR-only, or a bare CR: read (or refused) line by line
            encoding, tmp, rows = "utf-8", _transcode(path, "utf-8", workdir), None
            source = tmp
        elif not ok:
            if encoding == "utf-8" or (problem and problem.code == "nul"):
                raise problem  # type: ignore[misc]
            encoding, rows = "cp1252", None
            try:
                tmp = _transcode(path, encoding, workdir)
            except FileProblem:
                encoding = "latin-1"
                tmp = _transcode(path, encoding, workdir)
            source = tmp
        else:
            encoding = "utf-8"
    else:
        tmp = _transcode(path, encoding, workdir)
        source = tmp
    try:
        line = _first_line(source)
        if not line.strip():
            raise FileProblem("empty")
        delimiter = _delimiter(line, opts)
        headers = header_cells(line, delimiter, limits)
        problem = rows.finish() if rows is not None else _scan_rows(source, delimiter, limits)
        if problem is not None:
            raise problem
    except BaseException:
        if tmp:
            tmp.unlink(missing_ok=True)
        raise
    return CsvSource(source, headers, encoding, delimiter, tmp)


def _delimiter(line: str, opts: ReadOptions) -> str:
    if not opts.delimiter:
        return sniff_delimiter(line)
    delimiter = DELIMITERS.get(opts.delimiter)
    if delimiter is None:
        raise FileProblem("bad_option", value=str(opts.delimiter), column="delimiter")
    return delimiter


def csv_scan(table: str) -> str:
    """DuckDB's reader over a prepared CSV, every column as text, in file order. Rows it cannot
    split go to ``<table>_rej`` (see ``csv_structural``). Binds $path, $columns and $delim."""
    rej, scan = f"{table}_rej", f"{table}_scan"
    return ("read_csv($path, columns = $columns, "
            "header = true, delim = $delim, quote = '\"', escape = '\"', auto_detect = false, "
            "strict_mode = true, ignore_errors = true, null_padding = false, "
            f"store_rejects = true, rejects_table = '{rej}', rejects_scan = '{scan}', "
            f"max_line_size = {MAX_LINE_BYTES + 2})")


def csv_scan_params(src: CsvSource) -> dict[str, Any]:
    return {"path": str(src.path), "columns": src.columns(), "delim": src.delimiter}


def csv_structural(con: duckdb.DuckDBPyConnection, table: str, headers: list[str]) -> list[dict]:
    """The rows the last ``csv_scan(table)`` could not split, as problems; drops its tables."""
    rej, scan = f"{table}_rej", f"{table}_scan"
    structural = []
    # one message per row: a row with many extra (or missing) fields is one error per field
    # in DuckDB's table, and its first is the one to show
    for line_no, col_idx, err_type, csv_line in con.execute(
            f"SELECT line, first(column_idx ORDER BY column_idx NULLS FIRST), "  # noqa: S608
            f"first(error_type ORDER BY column_idx NULLS FIRST), "
            f"first(csv_line ORDER BY column_idx NULLS FIRST) FROM {rej} GROUP BY line ORDER BY line"
    ).fetchall():
        code = {"MISSING COLUMNS": "too_few", "TOO MANY COLUMNS": "too_many",
                "UNQUOTED VALUE": "quote", "INVALID UNICODE": "encoding",
                "LINE SIZE OVER MAXIMUM": "line_too_long"}.get(err_type, "unreadable")
        structural.append({"row": int(line_no), "code": code,
                           "column": headers[col_idx - 1] if code == "quote" and col_idx
                           and col_idx <= len(headers) else "",
                           "expected": str(len(headers)), "value": (csv_line or "")[:200]})
    con.execute(f"DROP TABLE IF EXISTS {rej}")
    con.execute(f"DROP TABLE IF EXISTS {scan}")
    return structural


def stage_prepared_csv(con: duckdb.DuckDBPyConnection, src: CsvSource, table: str) -> Staged:
    """Stage a prepared CSV as a text table (every cell as written)."""
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {csv_scan(table)}",  # noqa: S608
                csv_scan_params(src))
    structural = csv_structural(con, table, src.headers)
    return Staged(table, src.headers, "csv", encoding=src.encoding, delimiter=src.delimiter,
                  structural=structural, row_gaps=sorted({s["row"] for s in structural}))


# -- XLSX ------------------------------------------------------------------------------------

def _xlsx_checks(path: Path, limits: Limits) -> Path:
    """The checks that cost nothing: the file's size, that it is a zip archive, and what its
    parts unpack to (a zip bomb is refused here, before anything parses it)."""
    path = safe_source(path)
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("empty")
    if size > limits.max_bytes:
        raise FileProblem("too_big", expected=_mb(limits.max_bytes))
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > limits.max_unzipped_bytes:
                raise FileProblem("too_big_unzipped", expected=_mb(limits.max_unzipped_bytes))
    except (zipfile.BadZipFile, OSError, EOFError):
        raise FileProblem("not_xlsx") from None
    return path


XLSX_WORKER = "reporting.ingest.xlsx_worker"     # the module the child process runs


def _run_xlsx_worker(path: Path, out: Path | None, opts: ReadOptions, headers_only: bool) -> dict:
    """Parse the sheet in a child process (reporting/ingest/xlsx_worker.py) within
    ``opts.limits``: killed at ``parse_seconds``, its memory limited to ``parse_memory``."""
    limits = opts.limits
    request = json.dumps({"path": str(path), "out": str(out or ""), "sheet": opts.sheet,
                          "headers_only": headers_only, "limits": asdict(limits)})
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, "-m", XLSX_WORKER], input=request,
                              capture_output=True, text=True, timeout=max(1.0, limits.parse_seconds),
                              env=env, cwd=root, check=False)
    except subprocess.TimeoutExpired:
        raise FileProblem("parse_timeout", expected=_count(int(limits.parse_seconds))) from None
    lines = done.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else None
    except ValueError:
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict):
        if "MemoryError" in done.stderr or done.returncode < 0:
            raise FileProblem("parse_memory", expected=_mb(limits.parse_memory))
        raise FileProblem("not_xlsx")
    if "problem" in answer:
        p = answer["problem"]
        raise FileProblem(p["code"], row=p.get("row"), column=p.get("column") or None,
                          value=p.get("value") or "", expected=p.get("expected") or "")
    return answer


def stage_xlsx(con: duckdb.DuckDBPyConnection, path: Path, table: str, opts: ReadOptions,
               workdir: Path | None = None) -> Staged:
    """Stage a sheet: parsed by the child process into a CSV of text cells (the file row
    number first), which DuckDB reads into the staging table."""
    path = _xlsx_checks(path, opts.limits)
    out = (workdir or uploads_dir()) / f"{uuid.uuid4().hex}.xlsx.utf8.csv"
    try:
        answer = _run_xlsx_worker(path, out, opts, headers_only=False)
        headers = answer["headers"]
        columns = {"_row": "BIGINT", **{f"c{i}": "VARCHAR" for i in range(len(headers))}}
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM read_csv($path, columns = $columns, "  # noqa: S608
                    "header = false, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
                    f"strict_mode = true, max_line_size = {3 * opts.limits.max_row_bytes}) ORDER BY _row",
                    {"path": str(out), "columns": columns})
    finally:
        out.unlink(missing_ok=True)
    return Staged(table, headers, "xlsx")


# -- Parquet ---------------------------------------------------------------------------------

def _parquet_columns(con: duckdb.DuckDBPyConnection, path: Path, limits: Limits) -> tuple[list[str], list[str]]:
    """(the column names as the file has them, the names DuckDB reads them by), after the
    checks on the file's size, its metadata size, columns, cells and uncompressed data."""
    path = safe_source(path)
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("empty")
    if size > limits.max_bytes:
        raise FileProblem("too_big", expected=_mb(limits.max_bytes))
    with open(path, "rb") as f:
        f.seek(max(0, size - 8))
        tail = f.read(8)
    if len(tail) < 8 or tail[4:] != b"PAR1":
        raise FileProblem("not_parquet")
    if int.from_bytes(tail[:4], "little") > MAX_PARQUET_FOOTER:
        raise FileProblem("too_many_columns", expected=_count(limits.max_columns))
    p = {"path": str(path)}
    try:
        schema = con.execute("SELECT name, coalesce(num_children, 0) FROM parquet_schema($path)", p).fetchall()
        names, i = [], 1            # the root's children, skipping the elements nested in them
        while i < len(schema):
            names.append(schema[i][0])
            pending, i = schema[i][1], i + 1
            while pending and i < len(schema):
                pending, i = pending + schema[i][1] - 1, i + 1
        if len(names) > limits.max_columns:
            raise FileProblem("too_many_columns", row=1, expected=_count(limits.max_columns))
        rows = con.execute("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($path)", p).fetchall()[0][0]
        if rows * max(1, len(names)) > limits.max_cells:
            raise FileProblem("too_many_cells", expected=_count(limits.max_cells))
        data = con.execute("SELECT coalesce(sum(total_uncompressed_size), 0) FROM parquet_metadata($path)",
                           p).fetchall()[0][0]
        if data > limits.max_unzipped_bytes:
            raise FileProblem("too_big_unzipped", expected=_mb(limits.max_unzipped_bytes))
        read_as = [(r[0], r[1]) for r in con.execute("DESCRIBE SELECT * FROM read_parquet($path)", p).fetchall()]
    except duckdb.Error:
        raise FileProblem("not_parquet") from None
    if len(read_as) != len(names):
        raise FileProblem("not_parquet")
    return names, read_as


def stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, table: str,
                  limits: Limits | None = None) -> Staged:
    """Stage a Parquet file's columns as text. The headers are the names as the file has them
    (two columns of one name are a duplicate header, as in CSV; DuckDB would read the second
    as ``name_1``). Floating-point columns become plain decimal text (imp_float_text), never
    scientific notation, so the number rules of every other format apply."""
    headers, read_as = _parquet_columns(con, path, limits or Limits())

    def text(name: str, sqltype: str) -> str:
        quoted = '"' + name.replace('"', '""') + '"'
        return f"imp_float_text({quoted})" if sqltype in ("DOUBLE", "FLOAT") else f"CAST({quoted} AS VARCHAR)"

    select = ", ".join(f"{text(name, sqltype)} AS c{i}" for i, (name, sqltype) in enumerate(read_as))
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {select} FROM read_parquet($path)",  # noqa: S608
                {"path": str(safe_source(path))})
    return Staged(table, headers, "parquet")


def read_headers(path: Path, opts: ReadOptions) -> list[str]:
    """Only the header row, for the preview: within the same limits as the import (an XLSX is
    opened by the child process too, a Parquet file's metadata checked first)."""
    fmt = file_format(path.name)
    if fmt == "csv":
        return _headers_csv(path, opts)
    if fmt == "xlsx":
        return _run_xlsx_worker(_xlsx_checks(path, opts.limits), None, opts, headers_only=True)["headers"]
    con = duckdb.connect()
    try:
        return _parquet_columns(con, path, opts.limits)[0]
    finally:
        con.close()


def _headers_csv(path: Path, opts: ReadOptions) -> list[str]:
    """The header row from the file's first MAX_LINE_BYTES, read the way the import reads it
    (the same encoding detection, line ends, delimiter and cell limits)."""
    path = safe_source(path)
    size = path.stat().st_size
    if size > opts.limits.max_bytes:
        raise FileProblem("too_big", expected=_mb(opts.limits.max_bytes))
    with open(path, "rb") as f:
        head = f.read(MAX_LINE_BYTES + 1)
    if not head:
        raise FileProblem("empty")
    enc = _encoding_of(head, opts) or "utf-8"
    try:
        text = codecs.getincrementaldecoder(enc)("strict").decode(head[:MAX_LINE_BYTES + 1])
    except UnicodeDecodeError as exc:
        if enc == "utf-8" and exc.start > 0:
            text = head[: exc.start].decode(enc)
        else:
            text = head.decode("cp1252", "replace")
    except UnicodeError:
        raise FileProblem("encoding", row=1, expected=enc) from None
    if "\x00" in text.split("\n", 1)[0]:
        raise FileProblem("nul", row=1)
    line = _line_in(text, len(head) > MAX_LINE_BYTES)
    return header_cells(line, _delimiter(line, opts), opts.limits)
