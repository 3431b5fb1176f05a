"""Benchmark: import a clean UTF-8 charges CSV of N rows (default 5 million) into a fresh
database through the real import path (validation, load, invoices, atomic swap).

    python benchmarks/bench_import.py [--rows 5000000] [--dir /tmp/bench-import]

Prints rows per second for the whole import (file generation is not timed) and the load
average before and after it: on a shared machine other processes change the figure a lot.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporting.core.db import write_transaction
from reporting.ingest.importer import ImportOptions, import_files


def make_files(folder: Path, rows: int, subs: int = 50_000) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    charges = folder / f"charges_{rows}.csv"
    subscriptions = folder / "subscriptions.csv"
    con = duckdb.connect()
    if not subscriptions.exists():
        con.execute(f"""COPY (SELECT 'S' || lpad(i::VARCHAR, 7, '0') AS subscription_id,
                           'mobile_voice' AS service_type, DATE '2024-01-01' AS opened_on
                           FROM range({subs}) t(i)) TO '{subscriptions}' (HEADER, DELIMITER ',')""")  # noqa: S608
    if not charges.exists():
        con.execute(f"""COPY (SELECT strftime(DATE '2025-01-01' + to_months((i % 12)::INTEGER), '%Y-%m') AS invoice_month,
                           'S' || lpad((hash(i) % {subs})::VARCHAR, 7, '0') AS subscription_id,
                           (['monthly_fee', 'usage', 'roaming', 'one_time'])[1 + i % 4] AS category,
                           'Line ' || (i % 97) AS description, (i % 5) + 1 AS quantity, 'kpl' AS unit,
                           round(((hash(i * 7) % 100000) / 100.0) - 100, 2) AS amount
                           FROM range({rows}) t(i)) TO '{charges}' (HEADER, DELIMITER ',')""")  # noqa: S608
    con.close()
    return subscriptions, charges


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/bench-import"))
    args = ap.parse_args()
    subscriptions, charges = make_files(args.dir, args.rows)
    db = args.dir / "bench.duckdb"
    db.unlink(missing_ok=True)
    with write_transaction(db):
        pass
    opts = ImportOptions(org_id="bench", org_name="Bench Oy")
    import_files(db, [(subscriptions, subscriptions.name)], opts)
    size_mb = charges.stat().st_size / 1e6
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = import_files(db, [(charges, charges.name)], opts)
    took = time.perf_counter() - started
    assert result.status == "loaded", (result.status, [p.message() for f in result.files for p in f.problems[:5]])
    print(f"{args.rows:,} charge rows ({size_mb:.0f} MB CSV) imported in {took:.2f} s: "
          f"{args.rows / took:,.0f} rows/s (load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
