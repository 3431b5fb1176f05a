"""The bad files too large to keep in the repository, written on demand.

tests/test_import.py writes them into a temporary folder and imports each exactly like the
committed corpus in tests/data/import/bad: refused with its message, the database unchanged
byte for byte, the preview answering with a message too. To look at them:

    python tests/data/make_bad_files.py DIR

``GENERATED`` maps each file name to (writer, reader options, problem code, row, column), the
same columns as the committed corpus's table in tests/test_import.py.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

CHARGES = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)"
LINE = "2026-03;S001;kuukausimaksu;Perus;1;kk;19,90"


Writer = Callable[[Path], None]


def _text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def header_cell_too_long(path: Path) -> None:
    """A header cell of 140,000 characters (over the csv module's 131,072 and our 32,767)."""
    _text(path, CHARGES + ";" + "x" * 140_000 + "\n" + LINE + ";\n")


def header_two_million_columns(path: Path) -> None:
    """A header of two million columns (14 MB): no line end in the first megabyte, so no
    usable header row (DuckDB ran out of memory on it)."""
    _text(path, CHARGES + ";" + ";".join(f"h{i}" for i in range(2_000_000)) + "\n" + LINE + "\n")


def header_too_many_columns(path: Path) -> None:
    """5,000 header cells in 30 KB: over the limit of 1,000 columns."""
    _text(path, CHARGES + "".join(f";x{i}" for i in range(5_000)) + "\n" + LINE + ";" * 5_000 + "\n")


def _extra_fields(n: int) -> Writer:
    def write(path: Path) -> None:
        """One row with ``n`` extra fields (DuckDB's reader took 17, 35 and 104 s and 2.7 GB for
        10k, 20k and 40k, and reported one rejected row per field)."""
        _text(path, CHARGES + "\n" + LINE + "\n" + LINE + ";1" * n + "\n" + LINE + "\n")
    return write


# -- XLSX, written part by part (openpyxl reads them; nothing here depends on it) ----------------

def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _xlsx(path: Path, rows: Iterable[str], shared: list[str] | None = None, *,
          pad: int = 0) -> None:
    """A minimal workbook: one sheet of the given <row> elements, an optional shared-strings
    part, and ``pad`` MB of whitespace at the end of the sheet (a zip bomb deflates it to
    almost nothing)."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Tiedot" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{escape(t)}</t></si>" for t in shared or [""]) + "</sst>"),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for row in rows:
                sheet.write(row.encode())
            blank = b" " * (1 << 20)
            for _ in range(pad):
                sheet.write(blank)
            sheet.write(b"</sheetData></worksheet>")


def _row(n: int, cells: Iterable[str]) -> str:
    return f'<row r="{n}">' + "".join(
        f'<c r="{_col(i)}{n}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for i, v in enumerate(cells)) + "</row>"


def _charges_rows(n: int) -> Iterable[str]:
    yield _row(1, CHARGES.split(";"))
    for r in range(2, n + 2):
        yield _row(r, LINE.split(";"))


def xlsx_zip_bomb(path: Path) -> None:
    """5 MB that unpacks to 1.1 GB (the preview parsed one like it for 6 minutes)."""
    _xlsx(path, _charges_rows(2), pad=1100)


def xlsx_shared_strings_amplified(path: Path) -> None:
    """About 100 KB (1.6 MB unpacked) whose cells all point at one 30,000-character shared
    string: 40,000 cells expand to 1.2 GB of text (one like it reached 2.2 GB and died)."""
    head = _row(1, CHARGES.split(";"))
    rows = (f'<row r="{r}">' + "".join(f'<c r="{_col(i)}{r}" t="s"><v>0</v></c>' for i in range(7)) + "</row>"
            for r in range(2, 5_716))
    _xlsx(path, [head, *rows], ["x" * 30_000])


def xlsx_16384_columns(path: Path) -> None:
    """A sheet as wide as Excel allows: every row has a cell in each of 16,384 columns (one like
    it ran past every time limit)."""
    head = _row(1, CHARGES.split(";"))
    rows = (f'<row r="{r}">' + "".join(f'<c r="{_col(i)}{r}"><v>{i}</v></c>' for i in range(16_384)) + "</row>"
            for r in range(2, 12))
    _xlsx(path, [head, *rows])


def parquet_too_many_columns(path: Path) -> None:
    """5,000 columns in a small Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [*CHARGES.split(";"), *(f"x{i}" for i in range(5_000))]
    pq.write_table(pa.table({n: pa.array(["1"]) for n in names}), path)


def parquet_duplicate_column(path: Path) -> None:
    """Two columns named amount (DuckDB reads the second as amount_1: the first was used)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table([pa.array(["2026-03"]), pa.array(["kertamaksu"]), pa.array(["A"]),
                             pa.array([10.0]), pa.array([99.0])],
                            names=["invoice_month", "category", "description", "amount", "amount"]), path)


def xlsx_duplicate_column(path: Path) -> None:
    _xlsx(path, [_row(1, ["invoice_month", "category", "description", "amount", "Amount"]),
                 _row(2, ["2026-03", "one_time", "A", "10", "99"])])


def xlsx_scientific_text(path: Path) -> None:
    """1e6 typed as text in a cell (a number cell is a number and reads as one)."""
    _xlsx(path, [_row(1, CHARGES.split(";")), _row(2, [*LINE.split(";")[:-1], "1e6"])])


GENERATED: dict[str, tuple[Writer, dict, str, int | None, str]] = {
    "header_cell_too_long.csv": (header_cell_too_long, {}, "cell_too_long", 1, ""),
    "header_two_million_columns.csv": (header_two_million_columns, {}, "line_too_long", 1, ""),
    "header_too_many_columns.csv": (header_too_many_columns, {}, "too_many_columns", 1, ""),
    "extra_fields_10k.csv": (_extra_fields(10_000), {}, "too_many_columns", 3, ""),
    "extra_fields_20k.csv": (_extra_fields(20_000), {}, "too_many_columns", 3, ""),
    "extra_fields_40k.csv": (_extra_fields(40_000), {}, "too_many_columns", 3, ""),
    "zip_bomb.xlsx": (xlsx_zip_bomb, {}, "too_big_unzipped", None, ""),
    "shared_strings_amplified.xlsx": (xlsx_shared_strings_amplified, {}, "too_big_unzipped", None, ""),
    "columns_16384.xlsx": (xlsx_16384_columns, {}, "too_many_columns", 2, ""),
    "too_many_columns.parquet": (parquet_too_many_columns, {}, "too_many_columns", 1, ""),
    "duplicate_column.parquet": (parquet_duplicate_column, {}, "duplicate_header", 1, "amount"),
    "duplicate_column.xlsx": (xlsx_duplicate_column, {}, "duplicate_header", 1, "Amount"),
    "scientific_text.xlsx": (xlsx_scientific_text, {}, "scientific", 2, "Summa (alv 0 %)"),
}


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (writer, *_rest) in GENERATED.items():
        writer(folder / name)
        out[name] = folder / name
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/data/make_bad_files.py DIR")
    for name, path in write_all(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>12,} {name}")
