"""The command line: the first operator of a fresh install, manual changes, export --as."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from reporting.access.auth import authenticate
from reporting.core import state
from reporting.core.cli import main

PASSWORD = "a long enough password"


def _cli(capsys, *argv, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse-style refusals exit like the real command
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_first_operator_and_manual_changes(app_env, demo_path, capsys, monkeypatch):
    rc, out, _ = _cli(capsys, "users", "create-operator", "--email", "ops@operator.fi", "--db", str(demo_path))
    assert rc == 0
    temporary = out.split("temporary password (shown once): ")[1].strip()
    assert authenticate("ops@operator.fi", temporary).ok
    # a generated password is temporary: the operator chooses their own at the first sign-in
    from reporting.access.accounts import find_account, load_user

    assert load_user(find_account("ops@operator.fi").user_id).must_change_password

    rc, _, err = _cli(capsys, "users", "create", "--org", "saimaa", "--email", "m@saimaa.fi", "--name", "M",
                      "--role", "manager", "--cost-centre", "NOT-A-CENTRE", "--db", str(demo_path))
    assert rc == 2 and "NOT-A-CENTRE" in err

    rc, out, _ = _cli(capsys, "users", "create", "--org", "saimaa", "--email", "m@saimaa.fi", "--name", "M",
                      "--role", "main_user", "--password-stdin", "--db", str(demo_path),
                      stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert rc == 0 and "temporary password" not in out
    assert authenticate("m@saimaa.fi", PASSWORD).ok
    rc, out, _ = _cli(capsys, "users", "deactivate", "--email", "m@saimaa.fi", "--db", str(demo_path))
    assert rc == 0 and not authenticate("m@saimaa.fi", PASSWORD).ok
    with state.connect() as con:
        rows = con.execute("SELECT action, manual FROM audit_log WHERE org_id = 'saimaa' ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("create_account", 1), ("deactivate", 1)]


def test_export_as_runs_the_report_in_that_accounts_scope(app_env, demo_path, raw, tmp_path, capsys):
    assert _cli(capsys, "users", "create", "--org", "pohjola", "--email", "mgr@pohjola.fi", "--name", "M",
                "--role", "manager", "--cost-centre", "2000", "--db", str(demo_path))[0] == 0
    out = tmp_path / "h.csv"
    rc, _, _ = _cli(capsys, "export", "home-headline", "--org", "pohjola", "--as", "mgr@pohjola.fi",
                    "--month", "2026-10", "--out", str(out), "--db", str(demo_path))
    assert rc == 0
    got = pd.read_csv(out)
    cc = raw("cost_centres").query("org_id == 'pohjola'")
    centres = {"2000"} | set(cc.loc[cc.parent_code == "2000", "code"])
    subs = raw("subscriptions").query("org_id == 'pohjola'")
    mine = set(subs.loc[subs.cost_centre.isin(centres), "subscription_id"])
    ch = raw("charges")
    expected = ch[(ch.org_id == "pohjola") & ch.subscription_id.isin(mine)
                  & (ch.invoice_month == pd.Timestamp("2026-10-01"))].amount.sum()
    assert float(got.at[0, "cost_month"]) == pytest.approx(float(expected), abs=0.01)

    rc, _, err = _cli(capsys, "export", "home-headline", "--org", "kaarna", "--as", "mgr@pohjola.fi",
                      "--db", str(demo_path))
    assert rc == 2 and "no access to organisation 'kaarna'" in err
    rc, _, err = _cli(capsys, "export", "home-headline", "--org", "pohjola", "--as", "nobody@x.fi",
                      "--db", str(demo_path))
    assert rc == 2 and "no active account" in err
