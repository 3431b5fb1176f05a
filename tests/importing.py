"""Helpers shared by the tests that import small files into a database through the real
importer (data versions, the cache warmer): a one-off charges file and a load that must succeed."""

from __future__ import annotations

from pathlib import Path

from reporting.ingest.importer import ImportOptions, import_files

GOOD = Path(__file__).parent / "data" / "import" / "good"
HEADER = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Summa (alv 0 %)\n"


def charges_file(folder: Path, name: str, month: str, amounts: dict[str, str]) -> Path:
    """A charges file of one one-off line per subscription: {subscription: amount as typed}."""
    path = folder / name
    path.write_text(HEADER + "".join(f"{month};{sub};kertamaksu;Testi;{a}\n" for sub, a in amounts.items()),
                    encoding="utf-8")
    return path


def load(path: Path, org: str, files: list[Path]) -> None:
    """Import ``files`` into organisation ``org`` of the database at ``path``; it must load."""
    r = import_files(path, [(f, f.name) for f in files], ImportOptions(org, f"{org.title()} Oy"))
    assert r.status == "loaded", r
