"""One organisation-id rule (letters, digits, - and _), enforced where organisations are
created; output paths that cannot leave their folder; `monthly-report --all` that reports one
organisation's problem and writes the others (issue 16, points 10 and 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from reporting.core.cli import main as cli_main
from reporting.core.identifiers import is_valid_org_id, path_inside
from reporting.ingest.importer import ImportError_, ImportOptions, import_files

DATA = Path(__file__).parent / "data" / "import"
GOOD = DATA / "good"
GOOD_ORDER = ("cost_centres.csv", "subscriptions.csv", "charges.csv", "usage.csv")


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_UPLOADS", str(tmp_path / "uploads"))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))


@pytest.fixture(scope="module")
def two_orgs(tmp_path_factory) -> Path:
    """acme with charges (January and February 2026), and 'tyhja' with cost centres only."""
    path = tmp_path_factory.mktemp("orgs") / "orgs.duckdb"
    r = import_files(path, [(GOOD / n, n) for n in GOOD_ORDER], ImportOptions("acme", "Acme Oy"))
    assert r.status == "loaded"
    r = import_files(path, [(GOOD / "cost_centres.csv", "cost_centres.csv")], ImportOptions("tyhja", "Tyhjä Oy"))
    assert r.status == "loaded"
    return path


@pytest.mark.parametrize("org_id", ["acme", "Acme-2", "org_1", "yt-1572860-0", "a" * 64])
def test_valid_organisation_ids(org_id):
    assert is_valid_org_id(org_id)


@pytest.mark.parametrize("org_id", ["", " ", "../../../tmp/x", "a/b", "a\\b", "acme\n", "ac\nme", "a b",
                                    "acme.", "..", "ääkkönen", "a" * 65, "a\0b", "<b>x</b>"])
def test_invalid_organisation_ids(org_id):
    assert not is_valid_org_id(org_id)


@pytest.mark.parametrize("org_id", ["../../../tmp/x", "acme\nevil", "a b", "ääkkönen"])
def test_an_import_cannot_create_an_organisation_with_a_bad_id(tmp_path, org_id):
    db = tmp_path / "live.duckdb"
    with pytest.raises(ImportError_, match="cannot be an organisation id"):
        import_files(db, [(GOOD / "cost_centres.csv", "cost_centres.csv")], ImportOptions(org_id, "Evil Oy"))
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM organisations").fetchall() == [(0,)]
        finally:
            con.close()


def test_the_cli_refuses_a_bad_organisation_id(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    rc = cli_main(["import", str(GOOD / "cost_centres.csv"), "--org", "../../../tmp/x", "--org-name", "X",
                   "--db", str(db)])
    assert rc == 2
    assert "cannot be an organisation id" in capsys.readouterr().err


def test_path_inside_refuses_names_that_leave_the_folder(tmp_path):
    assert path_inside(tmp_path, "acme_2026-10") == tmp_path / "acme_2026-10"
    for name in ("../x", "..", ".", "a/b", "/etc", "", "a\\b"):
        with pytest.raises(ValueError):
            path_inside(tmp_path, name)
    (tmp_path / "link").symlink_to(tmp_path.parent)
    with pytest.raises(ValueError):
        path_inside(tmp_path, "link")


def test_monthly_report_never_writes_outside_its_folder(two_orgs, tmp_path, capsys):
    """An organisation whose id came in before the rule (written straight into the file) cannot
    steer the report's folder out of --out."""
    db = tmp_path / "legacy.duckdb"
    shutil.copyfile(two_orgs, db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO organisations SELECT * REPLACE ('../escaped' AS org_id) "
                "FROM organisations WHERE org_id = 'acme'")
    con.execute("INSERT INTO charges SELECT * REPLACE ('../escaped' AS org_id) FROM charges WHERE org_id = 'acme'")
    con.close()
    out = tmp_path / "reports" / "out"
    out.mkdir(parents=True)
    rc = cli_main(["monthly-report", "--all", "--out", str(out), "--db", str(db)])
    assert rc == 1
    assert not (tmp_path / "reports" / "escaped_2026-02").exists()
    assert not list((tmp_path / "reports").glob("escaped*"))
    assert sorted(p.name for p in out.iterdir()) == ["acme_2026-02"]
    err = capsys.readouterr().err
    assert "../escaped" in err and "cannot name a file" in err


def test_monthly_report_all_reports_one_organisation_and_writes_the_rest(two_orgs, tmp_path, capsys):
    """'tyhja' has no charges yet: it is named with the reason, acme is written, exit 1."""
    out = tmp_path / "out"
    rc = cli_main(["monthly-report", "--all", "--out", str(out), "--db", str(two_orgs)])
    captured = capsys.readouterr()
    assert rc == 1
    assert sorted(p.name for p in out.iterdir()) == ["acme_2026-02"]
    assert (out / "acme_2026-02" / "report.html").stat().st_size > 0
    assert "tyhja: no invoiced month yet" in captured.err
    assert "1 of 2 organisation(s) not written" in captured.err
    assert "Traceback" not in captured.err


def test_monthly_report_of_an_organisation_without_charges_for_a_given_month(two_orgs, tmp_path):
    out = tmp_path / "out"
    assert cli_main(["monthly-report", "--org", "tyhja", "--month", "2026-03", "--out", str(out),
                     "--db", str(two_orgs)]) == 0
    assert (out / "tyhja_2026-03" / "report.html").exists()
