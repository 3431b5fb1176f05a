"""Alert rules, alerts and their e-mails (issue 18), on the hand-built files of
tests/test_budgets.py: which conditions fire (figures worked out by hand), once per period,
for whom, and the delivery through a real SMTP server on localhost (aiosmtpd): language,
recipient scope, retries, and nothing sent twice after a crash."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from reporting.access.accounts import create_account
from reporting.access.scope import Role, User
from reporting.alerts.deliver import SmtpSettings, deliver_due
from reporting.alerts.evaluate import evaluate_org
from reporting.alerts.inbox import alerts_for, mark_read, unread_count
from reporting.alerts.rules import RuleError, add_rule, remove_rule
from reporting.core.db import Database
from reporting.i18n import fmt_number
from tests.store import open_store
from tests.test_budgets import FILES, ORG, TODAY, write

ROOT = Path(__file__).resolve().parent.parent


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):   # aiosmtpd calls it by this name
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(msg)
        return "250 OK"


@pytest.fixture
def smtp():
    from tests.e2e.conftest import free_port

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings("127.0.0.1", port, sender="fokus@test")
    finally:
        controller.stop()


@pytest.fixture
def world(tmp_path, cheap_argon2):
    from reporting.ingest.importer import import_files
    from reporting.ingest.model import ImportOptions

    db_path = tmp_path / "bud.duckdb"
    result = import_files(db_path, write(tmp_path, FILES), ImportOptions(org_id=ORG, org_name="Bud Oy", today=TODAY))
    assert result.status == "loaded"
    state_path = tmp_path / "state.sqlite"
    main = create_account(email="paa@bud.example", name="Pää Käyttäjä", role=Role.MAIN_USER, org_id=ORG,
                          created_by="test", path=state_path)
    boss = create_account(email="esihenkilo@bud.example", name="Esi Henkilö", role=Role.MANAGER, org_id=ORG,
                          created_by="test", cost_centres=("B",), path=state_path)
    users = {"main": User(main.user_id, "Pää Käyttäjä", Role.MAIN_USER, org_id=ORG),
             "boss": User(boss.user_id, "Esi Henkilö", Role.MANAGER, org_id=ORG, cost_centres=frozenset({"B"}))}
    return db_path, state_path, users


def _rules(world):
    db_path, state_path, u = world
    centres = {"A", "A1", "B"}
    add_rule(u["main"], ORG, "budget_burn", None, "40", lang="fi", known_centres=centres, path=state_path)
    add_rule(u["main"], ORG, "budget_burn", "A", "90", lang="fi", known_centres=centres, path=state_path)
    add_rule(u["main"], ORG, "roaming", None, "10", lang="fi", known_centres=centres, path=state_path)
    add_rule(u["main"], ORG, "bill_shock", None, "21", lang="fi", known_centres=centres, path=state_path)
    add_rule(u["boss"], ORG, "bill_shock", "B", "15", lang="en", known_centres=centres, path=state_path)


def test_conditions_fire_once_per_period(world):
    db_path, state_path, u = world
    _rules(world)
    db = Database(db_path)
    try:
        fired = evaluate_org(db, ORG, path=state_path)
        again = evaluate_org(db, ORG, path=state_path)
    finally:
        db.close()
    # organisation at 40 %: October 59.845 % (actual) and November 41.25 % (forecast of 100);
    # A at 90 %: October 32.345 of 30; roaming over 10 €: s1's 12.345; over 21 €: s1's 22.345;
    # the manager's B over 15 €: s2's 20
    assert len(fired) == 6 and again == []
    main = alerts_for(u["main"], ORG, "fi", path=state_path)
    boss = alerts_for(u["boss"], ORG, "en", path=state_path)
    assert len(main) == 6                                     # the main user sees all of them
    assert list(boss.alert_text) == ["Bill shock: Bertta (s2) €20.00 in October 2026, threshold €15.00."]
    texts = " | ".join(main.alert_text)
    assert "Verkkovierailu: Aino (s1) 12,35\xa0€ kuussa lokakuu 2026, raja 10,00\xa0€." in texts
    assert "Alpha: budjetista käytetty 107,8 % (lokakuu 2026)" in texts
    used = fmt_number(Decimal("41.25"), "fi", 1)
    assert f"ennuste 41,25\xa0€ on {used} % budjetista 100,00\xa0€ (marraskuu 2026)" in texts
    assert unread_count(u["boss"], ORG, path=state_path) == 1
    assert mark_read(u["boss"], main.alert_id.tolist(), ORG, path=state_path) == 1   # only what they see
    assert unread_count(u["boss"], ORG, path=state_path) == 0
    assert unread_count(u["main"], ORG, path=state_path) == 6                      # read state is per user


def test_who_may_set_which_rule(world):
    _, state_path, u = world
    with pytest.raises(RuleError) as err:
        add_rule(u["boss"], ORG, "roaming", "A", "5", path=state_path)       # not the manager's centre
    assert err.value.key == "alerts.error.not_allowed"
    with pytest.raises(RuleError):
        add_rule(u["boss"], ORG, "roaming", None, "5", path=state_path)      # not organisation-wide
    with pytest.raises(RuleError):
        add_rule(u["boss"], ORG, "incident", "B", None, path=state_path)     # services are organisation-wide
    with pytest.raises(RuleError) as err:
        add_rule(u["main"], ORG, "roaming", None, "-3", path=state_path)
    assert err.value.key == "alerts.error.threshold"
    rid = add_rule(u["main"], ORG, "roaming", None, "5,5", path=state_path)
    with pytest.raises(RuleError):
        remove_rule(u["boss"], ORG, rid, path=state_path)
    remove_rule(u["main"], ORG, rid, path=state_path)


def test_emails_reach_the_owner_in_their_language(world, smtp):
    db_path, state_path, u = world
    inbox, settings = smtp
    _rules(world)
    db = Database(db_path)
    try:
        fired = evaluate_org(db, ORG, path=state_path)
    finally:
        db.close()
    counts = deliver_due(settings, path=state_path)
    assert counts["sent"] == len(fired) == 6
    to_boss = [m for m in inbox.messages if m["X-Envelope-To"] == "esihenkilo@bud.example"]
    assert len(to_boss) == 1                                   # never another centre's alert
    assert to_boss[0]["Subject"].startswith("Fokus alert: Bill shock: Bertta (s2)")
    body = to_boss[0].get_body(("plain",)).get_content()
    assert "€20.00" in body and "Fokus › Alerts" in body
    assert "<p>Bill shock: Bertta (s2)" in to_boss[0].get_body(("html",)).get_content()
    to_main = [m for m in inbox.messages if m["X-Envelope-To"] == "paa@bud.example"]
    assert len(to_main) == 5 and all(m["Subject"].startswith("Fokus-hälytys: ") for m in to_main)
    assert deliver_due(settings, path=state_path)["sent"] == 0 and len(inbox.messages) == 6


def test_retries_then_success_and_no_resend_after_a_crash(world, smtp):
    db_path, state_path, u = world
    inbox, settings = smtp
    _rules(world)
    db = Database(db_path)
    try:
        evaluate_org(db, ORG, path=state_path)
    finally:
        db.close()
    calls = {"n": 0}

    def flaky(s, msg):
        calls["n"] += 1
        raise ConnectionRefusedError("gateway down")

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=1)
    assert deliver_due(settings, path=state_path, now=now, send=flaky)["retry"] == 6
    assert deliver_due(settings, path=state_path, now=now)["sent"] == 0          # waits for its backoff
    # a process that claimed a message and died before recording the result
    con = open_store(state_path)
    con.execute("UPDATE alert_outbox SET state = 'sending', claimed_at = ? "
                "WHERE message_id = (SELECT min(message_id) FROM alert_outbox)",
                [(now + dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")])
    con.commit()
    con.close()
    later = now + dt.timedelta(minutes=30)
    counts = deliver_due(settings, path=state_path, now=later)
    assert (counts["sent"], counts["uncertain"]) == (5, 1) and len(inbox.messages) == 5
    assert deliver_due(settings, path=state_path, now=later + dt.timedelta(hours=1))["sent"] == 0
    con = open_store(state_path)
    states = dict(con.execute("SELECT state, count(*) FROM alert_outbox GROUP BY state").fetchall())
    con.close()
    assert states == {"sent": 5, "uncertain": 1} and len(inbox.messages) == 5


def test_an_import_fires_the_rules_and_run_due_delivers(world, smtp, tmp_path):
    """The CLI import evaluates the organisation's rules on what it loaded; run-due sends."""
    db_path, state_path, u = world
    inbox, settings = smtp
    add_rule(u["main"], ORG, "roaming", None, "30", lang="fi", path=state_path)
    env = {**os.environ, "REPORTING_DB": str(db_path), "REPORTING_STATE_DB": str(state_path),
           "REPORTING_SMTP_HOST": settings.host, "REPORTING_SMTP_PORT": str(settings.port),
           "REPORTING_SMTP_FROM": "fokus@test"}
    csv = tmp_path / "nov.csv"
    csv.write_text("invoice_month;subscription_id;category;description;amount\n"
                   "2026-11;s1;monthly_fee;P10;10.00\n2026-11;s1;roaming;Roaming;45.10\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reporting", "import", str(csv), "--org", ORG],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Alerts fired: 1" in done.stdout
    done = subprocess.run([sys.executable, "-m", "reporting", "run-due"], capture_output=True, text=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0 and "e-mails sent: 1" in done.stdout, done.stdout + done.stderr
    assert len(inbox.messages) == 1 and "45,10" in inbox.messages[0].get_body(("plain",)).get_content()
    done = subprocess.run([sys.executable, "-m", "reporting", "scheduler", "--every", "0.2", "--passes", "2"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.count("alerts fired: 0; e-mails sent: 0") == 2, done.stdout
    assert len(inbox.messages) == 1


def test_incident_rule_on_the_demo(demo_path, tmp_path, cheap_argon2):
    """Every event the status page lists as ongoing or upcoming fires one incident alert."""
    from reporting.access.scope import Scope
    from reporting.core.registry import run_report

    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_path, path)
    state_path = tmp_path / "state.sqlite"
    main = User("demo:main:pohjola", "Pää", Role.MAIN_USER, org_id="pohjola")
    add_rule(main, "pohjola", "incident", None, None, path=state_path)
    db = Database(path)
    try:
        events = run_report("status-incidents", db, Scope.organisation("pohjola"))
        fired = evaluate_org(db, "pohjola", path=state_path)
    finally:
        db.close()
    assert len(fired) == len(events) > 0
    texts = alerts_for(main, "pohjola", "fi", path=state_path).alert_text.tolist()
    assert all(any(str(n) in x for x in texts) for n in events.service_name)


def test_alerts_page_adds_a_rule_fires_and_marks_read(app_env, cheap_argon2):
    """The main user adds an incident rule in the page; the daily pass fires it; the menu
    title counts the unread alerts until they are marked read."""
    from reporting.core import config
    from tests.helpers import MAIN_USER, app_as, open_page

    at = open_page(app_as(MAIN_USER), "alerts")
    assert not at.exception
    assert "Ei hälytyksiä." in [i.value for i in at.info]
    at.selectbox(key="alerts_kind").set_value("incident")
    at.button(key="alerts_add_submit").click().run()
    assert not at.exception
    assert "Sääntö lisätty." in [s.value for s in at.success]
    assert at.dataframe[0].value.alert_kind.tolist() == ["Häiriö tai huolto"]
    db = Database(config.db_path())
    try:
        fired = evaluate_org(db, "pohjola")
    finally:
        db.close()
    assert fired
    at = open_page(at, "alerts")
    assert f"**{len(fired)} lukematonta**" in [m.value for m in at.markdown]
    at.button(key="alerts_mark_read").click().run()
    assert not at.exception
    assert f"{len(fired)} hälytystä merkitty luetuksi." in [s.value for s in at.success]
    assert "**0 lukematonta**" in [m.value for m in at.markdown]


def test_sla_and_support_request_rules_on_the_demo(demo_path, tmp_path):
    """One alert per service under its SLA target last month and per support request past
    its SLA (open, or opened last month), none twice; the texts name the service and figures."""
    from reporting.access.scope import Scope
    from reporting.core.registry import run_report

    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_path, path)
    state_path = tmp_path / "state.sqlite"
    main = User("demo:main:pohjola", "Pää", Role.MAIN_USER, org_id="pohjola")
    add_rule(main, "pohjola", "sla_missed", None, None, path=state_path)
    add_rule(main, "pohjola", "ticket_breach", None, None, lang="en", path=state_path)
    scope = Scope.organisation("pohjola")
    db = Database(path)
    try:
        sla = run_report("status-sla", db, scope)
        missed = sla[sla.meets_sla == False]  # noqa: E712
        open_t = run_report("tickets", db, scope, open_only=True, all_months=True)
        last = run_report("tickets", db, scope)
        breached = {*open_t[open_t.sla_breached.astype(bool)].ticket_id, *last[last.sla_breached.astype(bool)].ticket_id}
        fired = evaluate_org(db, "pohjola", path=state_path)
        assert evaluate_org(db, "pohjola", path=state_path) == []
    finally:
        db.close()
    assert len(fired) == len(missed) + len(breached) and len(breached) > 0
    alerts = alerts_for(main, "pohjola", "fi", path=state_path)
    by_kind = alerts.groupby("alert_kind").size().to_dict()
    assert by_kind.get("sla_missed", 0) == len(missed) and by_kind["ticket_breach"] == len(breached)
    one = sorted(breached)[0]
    assert any(f"Tukipyyntö {one} " in x and "ylitti palvelulupauksen" in x for x in alerts.alert_text)
    for r in missed.itertuples():
        assert any(x.startswith(f"{r.service_name}: saatavuus ") for x in alerts.alert_text)


@pytest.mark.sqlite_only
def test_the_alert_tables_rebuild_keeps_every_row(tmp_path):
    """State migration 1840 rebuilds the alert tables (the kind list leaves the table): a store
    with rules, alerts, reads and outbox rows made under 1830 keeps every row and id, the
    references hold, and a rule of a kind the old list lacked can now be stored."""
    from reporting.core.migrations import STATE, apply_migrations
    from reporting.core.sqlfiles import migration_files

    files = migration_files("state/migrations")
    con = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    apply_migrations(con, STATE, [(n, t) for n, t in files if n < "1840"])
    con.execute("INSERT INTO alert_rules (org_id, kind, threshold, owner) VALUES ('o', 'roaming', '5', 'u')")
    con.execute("INSERT INTO alerts (rule_id, org_id, period, condition_key, facts) VALUES (1, 'o', '2026-10', 'k', '{}')")
    con.execute("INSERT INTO alert_reads (alert_id, user_id) VALUES (1, 'u')")
    con.execute("INSERT INTO alert_outbox (alert_id, recipient, lang, state) VALUES (1, 'a@b.fi', 'fi', 'sent')")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO alert_rules (org_id, kind, owner) VALUES ('o', 'data_allowance', 'u')")
    before = [con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
              for t in ("alert_rules", "alerts", "alert_reads", "alert_outbox")]
    assert apply_migrations(con, STATE, files)[0] == "1840_alert_kinds"
    after = [con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
             for t in ("alert_rules", "alerts", "alert_reads", "alert_outbox")]
    assert after == before
    con.execute("INSERT INTO alert_rules (org_id, kind, threshold, owner) VALUES ('o', 'data_allowance', '90', 'u')")
    assert con.execute("SELECT max(rule_id) FROM alert_rules").fetchall() == [(2,)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.execute("DELETE FROM alert_rules WHERE rule_id = 1")
    assert con.execute("SELECT count(*) FROM alert_outbox").fetchall() == [(0,)]     # cascade kept
    con.close()


def test_data_allowance_rule_on_the_demo(demo_path, tmp_path):
    """Each phone subscription at or over 80 % of its data allowance in the newest month
    fires once; unlimited plans never."""
    from reporting.access.scope import Scope
    from reporting.core.registry import run_report
    from reporting.costs.reports import latest_month

    state_path = tmp_path / "state.sqlite"
    main = User("demo:main:saimaa", "Pää", Role.MAIN_USER, org_id="saimaa")
    add_rule(main, "saimaa", "data_allowance", None, "80", path=state_path)
    db = Database(demo_path)
    try:
        scope = Scope.organisation("saimaa")
        figures = run_report("saldoviesti", db, scope, month=latest_month(db, scope))
        limited = figures[figures.allowance_gb.astype(float) > 0]
        expected = set(limited[limited.data_gb.astype(float) / limited.allowance_gb.astype(float) >= 0.8].subscription_id)
        fired = evaluate_org(db, "saimaa", path=state_path)
        assert evaluate_org(db, "saimaa", path=state_path) == []
    finally:
        db.close()
    assert len(fired) == len(expected) > 0
    texts = alerts_for(main, "saimaa", "fi", path=state_path).alert_text
    assert all(x.startswith("Datakiintiö: ") and " Gt) kuussa " in x for x in texts)
    assert all(any(f"({s})" in x for x in texts) for s in expected)


def test_thresholds_read_with_their_unit():
    """The rules table shows a threshold as the rule's kind means it: percent, euros or a factor."""
    from reporting.alerts.rules import parse_threshold, threshold_text

    cases = [("budget_burn", "92,5", "92,5\xa0%", "92.5%"), ("data_allowance", "80", "80\xa0%", "80%"),
             ("bill_shock", "1 500", "1\xa0500,00\xa0€", "€1,500.00"), ("bill_shock", "2x", "2\xa0×", "2×"),
             ("roaming", "12.5", "12,50\xa0€", "€12.50"), ("incident", None, "–", "–")]
    for kind, typed, fi, en in cases:
        stored = parse_threshold(kind, typed)
        assert (threshold_text(kind, stored, "fi"), threshold_text(kind, stored, "en")) == (fi, en), kind
