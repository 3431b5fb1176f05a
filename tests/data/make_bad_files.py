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
from collections.abc import Callable
from pathlib import Path

CHARGES = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)"
LINE = "2026-03;S001;kuukausimaksu;Perus;1;kk;19,90"


def _text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def header_cell_too_long(path: Path) -> None:
    """A header cell of 140,000 characters (over the csv module's 131,072 and our 32,767)."""
    _text(path, CHARGES + ";" + "x" * 140_000 + "\n" + LINE + ";\n")


def header_line_too_long(path: Path) -> None:
    """No line end in the first megabyte: no usable header row."""
    _text(path, CHARGES + ";" + ";".join(f"h{i}" for i in range(250_000)) + "\n" + LINE + "\n")


Writer = Callable[[Path], None]
GENERATED: dict[str, tuple[Writer, dict, str, int | None, str]] = {
    "header_cell_too_long.csv": (header_cell_too_long, {}, "cell_too_long", 1, ""),
    "header_line_too_long.csv": (header_line_too_long, {}, "line_too_long", 1, ""),
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
