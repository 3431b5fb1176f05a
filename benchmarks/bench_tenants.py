"""Benchmark (not a test): one store per organisation at operator scale (issue 20, point 5).

    python benchmarks/bench_tenants.py --source DB --work DIR [--tenants 50,500,5000] \
        [--imports 5] [--concurrent 10] [--reuse]

Builds a store root from the single database file --source (``tenants split``: e.g. the large
demo, so the largest tenant has 100,000 subscriptions), adds one real small organisation made
by the importer (``pieni``: 3 cost centres, 17 subscriptions, twelve months of charges) and
then, level by level, small organisations cloned from it (the same rows under a new
organisation id, each in a store of its own, listed in the catalogue with its figures) until
the root holds each --tenants count. At each level it times --imports monthly imports of a
17-line charges file into ``pieni`` (in-process, the importer's own entry point: a new month
each time, as a billing run adds one); at the last level also --concurrent import commands
started together into as many different small tenants (the real CLI, one process each), one
import into the largest tenant, and the disk the root takes. Printed as a table; nothing is
asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from reporting.core.db import stores
from reporting.core.db.write import file_transaction
from reporting.ingest.importer import ImportOptions, import_files

SMALL = "pieni"
SUBS = [f"P{i:03d}" for i in range(1, 18)]
CHARGES_HEADER = "Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Summa (alv 0 %)\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _charges(folder: Path, month: dt.date, amount: str) -> Path:
    rows = "".join(f"{month:%Y-%m};{s};kuukausimaksu;Perus;{amount}\n" for s in SUBS)
    return _write(folder / f"charges-{month:%Y-%m}-{uuid.uuid4().hex[:6]}.csv", CHARGES_HEADER + rows)


def _months_back(end: dt.date, n: int) -> list[dt.date]:
    out, y, m = [], end.year, end.month
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def make_small(root: Path, folder: Path, end: dt.date) -> None:
    centres = _write(folder / "centres.csv", "Koodi;Nimi;Ylempi\n100;Hallinto;\n110;Talous;100\n120;Myynti;100\n")
    subs = _write(folder / "subs.csv", "Liittymätunnus;Numero;Käyttäjä;Kustannuspaikka;Tuote;Palvelutyyppi;"
                  "Kuukausimaksu;Datakiintiö (Gt);Avattu;Suljettu\n" + "".join(
                      f"{s};040 555 {i:04d};Käyttäjä {i};{110 if i % 2 else 120};Perus 10 Gt;puhe;19,90;10;"
                      f"2024-01-15;\n" for i, s in enumerate(SUBS, 1)))
    files = [centres, subs, *(_charges(folder, m, "19,90") for m in _months_back(end, 12))]
    r = import_files(root, [(f, f.name) for f in files], ImportOptions(SMALL, "Pieni Oy"))
    assert r.status == "loaded", r


def clone(root: Path, template: Path, org: str) -> None:
    """A new small organisation: the template store's rows under ``org`` (a generator writing a
    store nobody reads yet, so straight into a private file renamed into place)."""
    target = stores.tenant_path(root, org)
    tmp = target.with_name(f".{target.name}.clone")
    shutil.copyfile(template, tmp)
    con = duckdb.connect(str(tmp))
    try:
        tables = [t for (t,) in con.execute(
            "SELECT DISTINCT c.table_name FROM duckdb_columns() c JOIN duckdb_tables() t "
            "USING (database_name, schema_name, table_name) WHERE c.column_name = 'org_id' "
            "AND c.database_name = current_database()").fetchall()]
        con.execute("BEGIN TRANSACTION")
        for table in tables:
            if table != "data_versions":
                con.execute(f"UPDATE {table} SET org_id = $org", {"org": org})  # noqa: S608
        con.execute("UPDATE organisations SET name = $name", {"name": f"Klooni {org} Oy"})
        con.execute("UPDATE data_versions SET org_id = $org, version = $v WHERE org_id <> '*'",
                    {"org": org, "v": uuid.uuid4().hex})
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, target)


def list_clones(root: Path, orgs: list[str]) -> None:
    """The clones' organisations rows and figures into the catalogue, in one write."""
    template = stores.tenant_path(root, SMALL)
    with file_transaction(stores.catalogue_path(root), orgs=orgs, wait=60) as con:
        con.execute(f"ATTACH '{template}' AS template (READ_ONLY)")
        con.execute("CREATE TEMP TABLE new_orgs (org_id VARCHAR)")
        con.executemany("INSERT INTO new_orgs VALUES (?)", [[o] for o in orgs])
        con.execute("INSERT INTO organisations BY NAME SELECT t.* REPLACE (n.org_id AS org_id, "
                    "'Klooni ' || n.org_id || ' Oy' AS name) FROM new_orgs n, template.organisations t")
        con.execute("INSERT INTO org_summary BY NAME SELECT t.* REPLACE (n.org_id AS org_id) "
                    "FROM new_orgs n, template.org_summary t")
        con.execute("DETACH template")


def grow(root: Path, total: int) -> float:
    have = stores.tenant_ids(root)
    clones = [f"k{n:05d}" for n in range(len(have), total)]
    if not clones:
        return 0.0
    started = time.perf_counter()
    template = stores.tenant_path(root, SMALL)
    for org in clones:
        clone(root, template, org)
    list_clones(root, clones)
    return time.perf_counter() - started


def timed_imports(root: Path, folder: Path, months: list[dt.date]) -> list[float]:
    out = []
    for month in months:
        f = _charges(folder, month, "21,50")
        t0 = time.perf_counter()
        r = import_files(root, [(f, f.name)], ImportOptions(SMALL, "Pieni Oy"))
        out.append(time.perf_counter() - t0)
        assert r.status == "loaded", r
    return out


def concurrent_imports(root: Path, folder: Path, orgs: list[str], month: dt.date) -> tuple[float, list[float]]:
    procs = []
    t0 = time.perf_counter()
    for org in orgs:
        f = _charges(folder, month, "23,00")
        procs.append((time.perf_counter(), subprocess.Popen(
            [sys.executable, "-m", "reporting", "import", "--db", str(root), "--org", org, str(f)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)))
    each = []
    for started, p in procs:
        _, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise SystemExit(f"a concurrent import failed: {err}")
        each.append(time.perf_counter() - started)
    return time.perf_counter() - t0, each


def largest(root: Path) -> str:
    sizes = {o: stores.tenant_path(root, o).stat().st_size for o in stores.tenant_ids(root)}
    return max(sizes, key=sizes.get)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True, help="a single database file to split")
    ap.add_argument("--work", type=Path, required=True, help="a working directory (the root goes there)")
    ap.add_argument("--tenants", default="50,500,5000", help="the tenant counts to measure at")
    ap.add_argument("--imports", type=int, default=5, help="timed imports per level")
    ap.add_argument("--concurrent", type=int, default=10, help="imports started together at the last level")
    ap.add_argument("--reuse", action="store_true", help="keep a root already in --work")
    args = ap.parse_args(argv)
    levels = sorted(int(x) for x in args.tenants.split(","))
    root, folder = args.work / "root", args.work / "files"
    folder.mkdir(parents=True, exist_ok=True)
    if root.exists() and not args.reuse:
        shutil.rmtree(root)
    if not root.exists():
        t0 = time.perf_counter()
        stores.split_database(args.source, root)
        print(f"split {args.source} ({args.source.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
    con = duckdb.connect(str(stores.catalogue_path(root)), read_only=True)
    now = dt.datetime.fromisoformat(dict(con.execute("SELECT key, value FROM dataset_info").fetchall())["now"]).date()
    con.close()
    if SMALL not in stores.tenant_ids(root):
        make_small(root, folder, dt.date(now.year, now.month, 1))
    next_month = dt.date(now.year, now.month, 1)
    print(f"{'tenants':>8} {'grow s':>8} {'import median s':>16} {'min':>6} {'max':>6}  root GB  catalogue MB")
    for level in levels:
        grown = grow(root, level)
        # later months than the data set's "now" are refused: earlier months a billing rerun
        # replaces are the same write for the store (one month's lines replaced)
        months = _months_back(next_month, args.imports)
        times = timed_imports(root, folder, months)
        print(f"{len(stores.tenant_ids(root)):>8} {grown:>8.1f} {statistics.median(times):>16.2f} "
              f"{min(times):>6.2f} {max(times):>6.2f}  {du(root) / 1e9:>7.2f}  "
              f"{stores.catalogue_path(root).stat().st_size / 1e6:>12.1f}", flush=True)
    clones = [o for o in stores.tenant_ids(root) if o.startswith("k")][: args.concurrent]
    if len(clones) == args.concurrent:
        wall, each = concurrent_imports(root, folder, clones, next_month)
        print(f"{args.concurrent} import commands started together into {args.concurrent} tenants: all done in "
              f"{wall:.1f} s; each {min(each):.1f}-{max(each):.1f} s (median {statistics.median(each):.1f} s, "
              f"Python start included)")
    big = largest(root)
    f = folder / "big.csv"
    con = duckdb.connect(str(stores.tenant_path(root, big)), read_only=True)
    subs = [s for (s,) in con.execute("SELECT subscription_id FROM subscriptions ORDER BY 1 LIMIT 17").fetchall()]
    con.close()
    _write(f, CHARGES_HEADER + "".join(f"{next_month:%Y-%m};{s};kertamaksu;Testi;1,00\n" for s in subs))
    t0 = time.perf_counter()
    r = import_files(root, [(f, f.name)], ImportOptions(big, big))
    print(f"a 17-line import into the largest tenant ({big}, "
          f"{stores.tenant_path(root, big).stat().st_size / 1e6:.0f} MB): {time.perf_counter() - t0:.2f} s ({r.status})")
    print(f"disk: {du(root) / 1e9:.2f} GB for {len(stores.tenant_ids(root))} stores; load average "
          f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
