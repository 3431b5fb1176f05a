"""The demo data through the import path gives identical tables; a reader process sees an
import's new data at its next query."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from reporting.ingest.importer import ImportOptions, import_files

ROOT = Path(__file__).resolve().parent.parent

# kind -> export query over one organisation's rows (canonical headers of docs/data-contract.md)
EXPORTS = {
    "cost_centres": "SELECT code, name, parent_code AS parent FROM a.cost_centres WHERE org_id = $org",
    "subscriptions": "SELECT subscription_id, phone_number, user_name, cost_centre, plan, service_type, "
                     "opened_on, closed_on FROM a.subscriptions WHERE org_id = $org",
    "services": "SELECT * EXCLUDE (org_id) FROM a.services WHERE org_id = $org",
    "service_events": "SELECT * EXCLUDE (org_id) FROM a.service_events WHERE org_id = $org",
    "tickets": "SELECT * EXCLUDE (org_id) FROM a.tickets WHERE org_id = $org",
    "charges": "SELECT strftime(invoice_month, '%Y-%m') AS invoice_month, subscription_id, category, "
               "description, quantity, unit, amount, currency, country, cost_centre "
               "FROM a.charges WHERE org_id = $org",
    "usage": "SELECT usage_date, subscription_id, usage_type, quantity, country, amount "
             "FROM a.usage_daily WHERE org_id = $org",
}
# table -> columns compared (charges.source says where a line came from: 'demo' vs 'native')
COMPARE = {
    "organisations": "org_id, name, business_id",
    "plans": "*", "cost_centres": "*", "subscriptions": "*", "services": "*", "service_events": "*",
    "tickets": "*", "usage_daily": "*", "usage_monthly": "*", "invoices": "*",
    "charges": "* EXCLUDE (source)",
}


def test_demo_tables_through_the_importer_are_identical(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    out = tmp_path / "export"
    out.mkdir()
    con = duckdb.connect()
    con.execute("ATTACH $p AS a (READ_ONLY)", {"p": str(demo_path)})
    orgs = con.execute("SELECT org_id, name, business_id FROM a.organisations ORDER BY org_id").fetchall()
    con.execute(f"COPY (SELECT * FROM a.plans) TO '{out / 'plans.csv'}' (HEADER)")
    files: dict[str, list[tuple[Path, str]]] = {}
    for org, _, _ in orgs:
        for kind, sql in EXPORTS.items():
            path = out / f"{org}_{kind}.csv"
            con.execute(f"COPY ({sql.replace('$org', repr(org))}) TO '{path}' (HEADER, DELIMITER ',')")
            files.setdefault(org, []).append((path, path.name))
    con.close()

    db = tmp_path / "imported.duckdb"
    for n, (org, name, business_id) in enumerate(orgs):
        batch = ([(out / "plans.csv", "plans.csv")] if n == 0 else []) + files[org]
        result = import_files(db, batch, ImportOptions(org_id=org, org_name=name, business_id=business_id))
        assert result.status == "loaded", [p.message() for f in result.files for p in f.problems[:5]]

    con = duckdb.connect()
    con.execute("ATTACH $p AS a (READ_ONLY)", {"p": str(demo_path)})
    con.execute("ATTACH $p AS b (READ_ONLY)", {"p": str(db)})
    for table, cols in COMPARE.items():
        n_a, n_b = (con.execute(f"SELECT count(*) FROM {s}.{table}").fetchall()[0][0] for s in "ab")
        assert n_a == n_b and n_a > 0, table
        for x, y in (("a", "b"), ("b", "a")):
            diff = con.execute(f"SELECT count(*) FROM (SELECT {cols} FROM {x}.{table} "
                               f"EXCEPT ALL SELECT {cols} FROM {y}.{table})").fetchall()[0][0]
            assert diff == 0, (table, x, y)
    # big tables land sorted by subscription and date for fast drill-down
    ordered = con.execute("SELECT bool_and(ok) FROM (SELECT (org_id, subscription_id, usage_date) >= "
                          "lag((org_id, subscription_id, usage_date)) OVER () OR row_number() OVER () = 1 "
                          "AS ok FROM b.usage_daily WHERE org_id = $o)", {"o": orgs[0][0]}).fetchall()[0][0]
    assert ordered
    con.close()


# a separate process holding the database open read-only
READER = textwrap.dedent("""
    import sys
    from reporting.core.db import Database
    db = Database(sys.argv[1])
    print(db.rows("SELECT count(*) FROM cost_centres")[0][0], flush=True)
    sys.stdin.readline()
    print(db.rows("SELECT count(*) FROM cost_centres")[0][0], flush=True)
""")


def test_an_open_database_sees_an_import_at_its_next_query(tmp_path, monkeypatch):
    from reporting.core.db import Database

    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    db = tmp_path / "live.duckdb"
    good = ROOT / "tests" / "data" / "import" / "good" / "cost_centres.csv"
    import_files(db, [(good, "cc.csv")], ImportOptions(org_id="acme", org_name="Acme"))
    reader = Database(db)
    try:
        assert reader.rows("SELECT count(*) FROM cost_centres")[0][0] == 3
        more = tmp_path / "more.csv"
        more.write_text("code;name;parent\n2000;Tuotanto;\n", encoding="utf-8")
        assert import_files(db, [(more, "more.csv")], ImportOptions(org_id="acme")).status == "loaded"
        assert reader.rows("SELECT count(*) FROM cost_centres")[0][0] == 4
    finally:
        reader.close()


def test_reader_process_sees_a_cli_import_at_its_next_query(tmp_path):
    """A process holding the database open read-only does not block `python -m reporting import`,
    and sees the new data at its next query through reporting.core.db.Database."""
    db = tmp_path / "live.duckdb"
    good = ROOT / "tests" / "data" / "import" / "good" / "cost_centres.csv"
    env = {"PYTHONPATH": str(ROOT), "REPORTING_STATE_DB": str(tmp_path / "state.sqlite"),
           "REPORTING_UPLOADS": str(tmp_path / "uploads"), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "reporting", "import", "--org", "acme", "--db", str(db)]
    assert subprocess.run([*cli, str(good), "--org-name", "Acme Oy"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120).returncode == 0
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert reader.stdout.readline().strip() == "3"
        more = tmp_path / "more.csv"
        more.write_text("code;name;parent\n2000;Tuotanto;\n", encoding="utf-8")
        second = subprocess.run([*cli, str(more)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stdout + second.stderr
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "4"
    finally:
        reader.kill()
        reader.wait(timeout=30)
    from reporting.core.db import Database

    fresh = Database(db)
    try:
        assert fresh.rows("SELECT count(*) FROM cost_centres")[0][0] == 4
    finally:
        fresh.close()
