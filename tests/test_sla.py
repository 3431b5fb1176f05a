"""Support request SLA timing on a hand-built database with known answers, the monthly SLA
report against the demo data, and the CLI exports `status-sla` and `tickets`."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.cli import main as cli_main
from reporting.core.db import Database, write_transaction
from reporting.core.registry import run_report
from reporting.services.reports import age_bucket

NOW = dt.datetime(2026, 3, 20, 12, 0)
T = dt.datetime


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    """One organisation, two services with different SLA hours, tickets with known timing."""
    path = tmp_path_factory.mktemp("sla") / "hand.duckdb"
    with write_transaction(path, fresh=True) as con:
        con.execute("INSERT INTO dataset_info VALUES ('now', ?)", [NOW.isoformat()])
        con.execute("INSERT INTO organisations VALUES ('acme', 'Acme Oy', '1234567-1', NULL)")
        con.execute("INSERT INTO services VALUES "
                    "('acme', 'NET', 'Verkko', 'network', 99.9, 1, 2, 8, 24, 4, 8, 40, 120),"
                    "('acme', 'WS', 'Työasemat', 'workstations', 99.5, 2, 4, 16, 48, 8, 16, 80, 240)")
        rows = [
            # id, service, priority, opened, first response, resolved, status
            ("T1", "NET", "P1", T(2026, 2, 3, 8), T(2026, 2, 3, 8, 30), T(2026, 2, 3, 11), "closed"),    # both met
            ("T2", "NET", "P1", T(2026, 2, 4, 8), T(2026, 2, 4, 9, 30), T(2026, 2, 4, 13), "closed"),    # resp 1.5h > 1, res 5h > 4
            ("T3", "WS", "P1", T(2026, 2, 4, 8), T(2026, 2, 4, 9, 30), T(2026, 2, 4, 13), "closed"),     # WS: 2h/8h -> met
            ("T4", "NET", "P2", T(2026, 2, 28, 23), T(2026, 3, 1, 1), T(2026, 3, 1, 6), "resolved"),     # across month end: 2h ok, 7h ok
            ("T5", "NET", "P3", T(2026, 2, 10, 9), T(2026, 2, 10, 18), None, "in_progress"),             # resp 9h > 8; open 38d > 40h
            ("T6", "WS", "P4", T(2026, 2, 26, 9), T(2026, 2, 26, 10), None, "in_progress"),              # resp ok; open 22d > 240h
            ("T7", "NET", "P4", T(2026, 3, 19, 12), None, None, "open"),                                 # 24h not passed yet: undecided
            ("T8", "WS", "P2", T(2026, 3, 18, 10), None, None, "open"),                                  # 50h open: resp 4h and res 16h breached
            ("T9", "NET", "P3", T(2026, 1, 15, 9), T(2026, 1, 15, 10), T(2026, 1, 16, 9), "closed"),     # January
            ("T10", "NET", "P2", T(2026, 3, 14, 12), T(2026, 3, 14, 12, 30), None, "in_progress"),       # 6 days open
        ]
        con.executemany("INSERT INTO tickets VALUES ('acme', ?, ?, ?, ?, ?, ?, ?, 'aihe')", rows)
    db = Database(path)
    yield db
    db.close()


SCOPE = Scope.organisation("acme")


def test_ticket_timing_against_each_services_hours(hand_db):
    got = run_report("tickets", hand_db, SCOPE, month=dt.date(2026, 2, 1)).set_index("ticket_id")
    assert set(got.index) == {"T1", "T2", "T3", "T4", "T5", "T6"}
    expect = {  # response_within, resolve_within, breached
        "T1": (True, True, False), "T2": (False, False, True), "T3": (True, True, False),
        "T4": (True, True, False), "T5": (False, False, True), "T6": (True, False, True),
    }
    for tid, (resp, res, breached) in expect.items():
        row = got.loc[tid]
        assert (bool(row.response_within_sla), bool(row.resolve_within_sla), bool(row.sla_breached)) \
            == (resp, res, breached), tid
    assert got.loc["T2", "response_hours"] == 1.5 and got.loc["T2", "resolve_hours"] == 5
    assert got.loc["T3", "response_target_h"] == 2 and got.loc["T3", "resolve_target_h"] == 8
    assert got.loc["T4", "resolve_hours"] == 7
    assert got.loc["T5", "age_days"] == 38 and pd.isna(got.loc["T1", "age_days"])


def test_open_ticket_before_its_target_is_undecided(hand_db):
    got = run_report("tickets", hand_db, SCOPE, month=dt.date(2026, 3, 1)).set_index("ticket_id")
    assert pd.isna(got.loc["T7", "response_within_sla"]) and pd.isna(got.loc["T7", "resolve_within_sla"])
    assert not got.loc["T7", "sla_breached"]
    assert got.loc["T8", "response_within_sla"] == False  # noqa: E712
    assert got.loc["T8", "sla_breached"]
    breaches = run_report("tickets", hand_db, SCOPE, month=dt.date(2026, 3, 1), breaches_only=True)
    assert list(breaches.ticket_id) == ["T8", "T10"]  # T10: P2 open 6 days > 8 h


def test_by_priority_shares_and_breaches(hand_db):
    got = run_report("tickets-priority", hand_db, SCOPE, month=dt.date(2026, 2, 1)).set_index("priority")
    assert list(got.index) == ["P1", "P2", "P3", "P4"]
    p1 = got.loc["P1"]
    assert (p1.tickets, p1.responded, p1.resolved) == (3, 3, 3)
    assert p1.response_within_share == pytest.approx(2 / 3)
    assert p1.resolve_within_share == pytest.approx(2 / 3)
    assert (p1.response_breaches, p1.resolve_breaches) == (1, 1)
    assert p1.avg_response_hours == pytest.approx((0.5 + 1.5 + 1.5) / 3, abs=0.01)
    assert pd.isna(p1.response_target_h)  # NET 1 h and WS 2 h differ
    p3 = got.loc["P3"]
    assert (p3.tickets, p3.response_within_share, p3.resolve_within_share, p3.open_tickets) == (1, 0, 0, 1)
    assert p3.response_target_h == 8
    p4 = got.loc["P4"]
    assert (p4.response_within_share, p4.resolve_within_share) == (1, 0)


def test_open_requests_by_age(hand_db):
    got = run_report("tickets-age", hand_db, SCOPE).set_index("age_bucket")
    # open: T5 38 d (>30), T6 22 d (11-30), T7 1 d (0-1), T8 2 d (2-5), T10 6 d (6-10)
    assert got.total.to_dict() == {"0-1": 1, "2-5": 1, "6-10": 1, "11-30": 1, ">30": 1}
    assert got.loc[">30", "P3"] == 1 and got.loc["2-5", "P2"] == 1
    assert [age_bucket(d) for d in (0, 1, 2, 5, 6, 10, 11, 30, 31)] == \
        ["0-1", "0-1", "2-5", "2-5", "6-10", "6-10", "11-30", "11-30", ">30"]


def test_demo_ticket_shares_match_pandas(demo_db, raw):
    month = dt.date(2026, 9, 1)
    got = run_report("tickets-priority", demo_db, Scope.organisation("kaarna"), month=month)
    t = raw("tickets").query("org_id == 'kaarna'")
    t = t[(t.opened_at >= pd.Timestamp(month)) & (t.opened_at < pd.Timestamp("2026-10-01"))]
    s = raw("services").set_index(["org_id", "service_id"])
    now = pd.Timestamp("2026-11-27 09:00")
    for row in got.itertuples():
        g = t[t.priority == row.priority]
        target = g.apply(lambda k: float(s.loc[(k.org_id, k.service_id), f"resolve_p{k.priority[1]}_h"]), axis=1)
        took = (g.resolved_at.fillna(now) - g.opened_at).dt.total_seconds() / 3600
        decided = g.resolved_at.notna() | (took > target)
        ok = (took <= target) & g.resolved_at.notna()
        assert row.tickets == len(g)
        assert row.resolve_within_share == pytest.approx(ok.sum() / decided.sum())
        assert row.resolve_breaches == (decided & ~ok).sum()


def _cli(args, capsys) -> str:
    rc = cli_main(args)
    out = capsys.readouterr()
    assert rc == 0, out.err
    return out.out


def test_cli_exports_status_sla_and_tickets(demo_path, demo_db, capsys):
    text = _cli(["export", "status-sla", "--org", "pohjola", "--month", "2026-10",
                 "--db", str(demo_path)], capsys)
    df = pd.read_csv(io.StringIO(text))
    page = run_report("status-sla", demo_db, Scope.organisation("pohjola"), month=dt.date(2026, 10, 1))
    assert len(df) == len(page) > 0
    assert set(df.month) == {"2026-10-01"}
    assert df.set_index("service_id").down_minutes.to_dict() == page.set_index("service_id").down_minutes.to_dict()
    text = _cli(["export", "tickets", "--org", "pohjola", "--month", "2026-10",
                 "--db", str(demo_path)], capsys)
    df = pd.read_csv(io.StringIO(text))
    page = run_report("tickets", demo_db, Scope.organisation("pohjola"), month=dt.date(2026, 10, 1))
    assert sorted(df.ticket_id) == sorted(page.ticket_id) and len(df) > 0
    assert df.opened_at.str.startswith("2026-10").all()
