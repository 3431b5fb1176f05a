"""Issue 18's "done when" as one journey, real parts only: a main user signs in (a real
account with an e-mail address; demo personas have none), sets a budget in the budget sheet
and three alert rules in the browser; a CLI import of November's invoice that crosses them
fires exactly those three alerts, shown on the alerts page and in the menu's unread count;
the scheduler (a subprocess) delivers them, the monthly report and the Saldoviesti batch to a
local SMTP server (aiosmtpd) and a local SMS gateway, each once (its second pass sends
nothing); an Alertmanager webhook posted to the events server (a subprocess, with a source's
token) shows on the status page after a reload.

The expected figures come from the import file built here (Decimal sums of its lines),
compared with what the app's reports say and what the e-mails carry. The import is the demo's
November invoice (the demo's data ends 27.11.2026), so the monthly report of November is due
from the first working day of December 2026 (the clock of the machine running the test)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller

from reporting.access.accounts import create_account
from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.i18n import fmt_money, fmt_number
from reporting.services.live import create_source
from tests.e2e.conftest import ROOT, free_port, start_server, wait_for_app
from tests.test_alerts import Inbox
from tests.test_sms_gateway import Gateway

pytestmark = pytest.mark.e2e

ORG = "pohjola"
EMAIL = "paivi.paakayttaja@pohjola.example"
PASSWORD = "journey test password"
NOVEMBER = dt.date(2026, 11, 1)
BUDGET = Decimal("18000")          # the organisation's November budget, typed into the sheet
BURN_PCT, SHOCK_EUR, ROAMING_EUR = "100", "900", "500"
SPIKE = Decimal("945.60")          # one subscription's roaming in November (the crossing)
CENT = Decimal("0.01")
SUMMARY = "Runkoreititin ei vastaa (matkatesti)"


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _november_invoice(db_path: Path, folder: Path) -> tuple[Path, dict]:
    """November's invoice lines: October's lines again, plus a roaming spike for one phone
    subscription. Returns the file and the figures worked out from its lines."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        lines = con.execute(
            "SELECT subscription_id, category::VARCHAR, description, amount, cost_centre FROM charges "
            "WHERE org_id = ? AND invoice_month = DATE '2026-10-01' AND currency = 'EUR' "
            "ORDER BY subscription_id, category, description, amount", [ORG]).fetchall()
        spiked = con.execute(
            "SELECT s.subscription_id, s.user_name FROM subscriptions s WHERE s.org_id = ? "
            "AND s.service_type = 'mobile_voice' AND s.closed_on IS NULL ORDER BY s.subscription_id LIMIT 1",
            [ORG]).fetchone()
        assert con.execute("SELECT count(*) FROM charges WHERE org_id = ? AND invoice_month >= ?",
                           [ORG, NOVEMBER]).fetchone()[0] == 0
    finally:
        con.close()
    lines = [*lines, (spiked[0], "roaming", "Verkkovierailu (matkatesti)", SPIKE, None)]
    text = ["invoice_month;subscription_id;category;description;amount;country;cost_centre"]
    for sub, category, description, amount, centre in lines:
        country = "US" if description.endswith("(matkatesti)") else ""
        text.append(f"2026-11;{sub or ''};{category};{description.replace(';', ',')};{amount};{country};"
                    f"{centre or ''}")
    path = folder / "marraskuu.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    per_sub: dict[str, Decimal] = {}
    roaming: dict[str, Decimal] = {}
    for sub, category, _, amount, _ in lines:
        if sub:
            per_sub[sub] = per_sub.get(sub, Decimal(0)) + Decimal(amount)
            if category == "roaming":
                roaming[sub] = roaming.get(sub, Decimal(0)) + Decimal(amount)
    total = _cents(sum((Decimal(a) for *_, a, _ in lines), Decimal(0)))
    return path, {
        "total": total, "used_pct": total * 100 / BUDGET,
        "spiked": spiked[0], "user_name": spiked[1],
        "shock": {s: _cents(a) for s, a in per_sub.items() if a > Decimal(SHOCK_EUR)},
        "roaming": {s: _cents(a) for s, a in roaming.items() if a > Decimal(ROAMING_EUR)},
    }


@pytest.fixture
def journey(demo_path, tmp_path, cheap_argon2):
    """A fresh copy of the demo database, a main-user account, a live-event source, a local
    SMTP server, a local SMS gateway, the events server and the app server (demo mode off)."""
    db_path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_path, db_path)
    state_path = tmp_path / "state.sqlite"
    create_account(email=EMAIL, name="Päivi Pääkäyttäjä", role="main_user", org_id=ORG, created_by="test",
                   password=PASSWORD, path=state_path)
    _, token = create_source(ORG, "alertmanager-journey", state_path)
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    gateway = Gateway()
    env = {"REPORTING_DB": str(db_path), "REPORTING_STATE_DB": str(state_path), "REPORTING_DEMO": "0",
           "REPORTING_SMTP_HOST": "127.0.0.1", "REPORTING_SMTP_PORT": str(smtp_port),
           "REPORTING_SMTP_FROM": "fokus@operaattori.example",
           "REPORTING_SMS_URL": gateway.settings.url, "REPORTING_SMS_TOKEN": "gw-t0ken",
           "REPORTING_SALDOVIESTI_ORGS": ORG}
    full_env = {**os.environ, **env}
    events_port = free_port()
    events = subprocess.Popen([sys.executable, "-m", "reporting", "events-server", "--port", str(events_port)],
                              cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    try:
        server = start_server(db_path, tmp_path, **{k: v for k, v in env.items()
                                                    if k not in ("REPORTING_DB", "REPORTING_STATE_DB")})
        events_url = f"http://127.0.0.1:{events_port}"
        for _ in range(150):
            try:
                with urllib.request.urlopen(events_url + "/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield {"db": db_path, "state": state_path, "tmp": tmp_path, "env": full_env, "url": server.url,
               "inbox": inbox, "gateway": gateway, "events_url": events_url, "token": token}
    finally:
        if server is not None:
            server.stop()
        events.terminate()
        events.wait(10)
        gateway.close()
        controller.stop()


def _cli(env: dict, *args: str, timeout: float = 120) -> str:
    done = subprocess.run([sys.executable, "-m", "reporting", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Sähköpostiosoite").fill(EMAIL)
    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.get_by_text("Pohjolan Rakennus Oy").first.wait_for(timeout=30_000)
    wait_for_app(page)


def _go(page, title: str, until: str) -> None:
    """Open a page from the menu (a new URL would start a new, signed-out session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).first.click()
    wait_for_app(page, until)


def _set_november_budget(page) -> None:
    """Type the organisation's November budget into the sheet (the first row, the month
    column) and save it."""
    _go(page, "Budjetit", "Aseta budjetit")
    grid = page.locator('[class*="st-key-budgets_sheet_"]')
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)          # the organisation's row, first column
    page.wait_for_timeout(300)
    # cost centre, its name, the year budget, January ... November: thirteen steps right
    for _ in range(13):
        page.keyboard.press("ArrowRight")
    # Enter opens the cell's editor (keys typed before it is open would be lost), Enter closes it
    page.keyboard.press("Enter")
    editor = page.locator(".gdg-input")
    editor.wait_for()
    editor.fill(f"{BUDGET:f}")
    editor.press("Enter")
    editor.wait_for(state="hidden")
    wait_for_app(page)
    page.locator(".st-key-budgets_save button").click()
    page.get_by_text("Tallennettu: vuodella 2026 on nyt 1 budjettia.").wait_for()


def _add_rule(page, kind_label: str, threshold: str) -> None:
    page.locator(".st-key-alerts_kind").click()
    page.get_by_role("option", name=kind_label, exact=True).click()
    page.locator(".st-key-alerts_threshold input").fill(threshold)
    page.locator(".st-key-alerts_add_submit button").click()
    page.get_by_text("Sääntö lisätty.").wait_for()
    wait_for_app(page)


def _first_table_cells(page) -> list[str]:
    """The cells of the page's first table as its accessible copy holds them."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator("td").first.wait_for(state="attached")
    return grid.locator("td").all_inner_texts()


def test_budget_rules_import_alerts_mail_scheduler_and_live_event(journey, browser):
    j = journey
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        _journey(page, j)
    except Exception:
        page.screenshot(path=str(j["tmp"] / "failure.png"), full_page=True)     # for the one who reads it
        raise
    finally:
        context.close()


def _journey(page, j) -> None:
    _sign_in(page, j["url"])

    # 1. the budget, through the sheet on the budgets page
    _set_november_budget(page)
    con = duckdb.connect(str(j["db"]), read_only=True)
    try:
        stored = con.execute("SELECT cost_centre, period_kind, period_start, amount FROM budgets "
                             "WHERE org_id = ?", [ORG]).fetchall()
    finally:
        con.close()
    assert stored == [(None, "month", NOVEMBER, BUDGET)]

    # 2. three rules and the monthly report, on the alerts page
    _go(page, "Hälytykset", "Uusi sääntö")
    assert page.get_by_text("Ei hälytyksiä.").count() == 1
    _add_rule(page, "Budjetin käyttö", BURN_PCT)
    _add_rule(page, "Laskushokki", SHOCK_EUR)
    _add_rule(page, "Verkkovierailukulut", f"{ROAMING_EUR} €")
    rules = _first_table_cells(page)                     # no alerts yet: the rules' table is the first
    assert [c for c in rules if c in ("100\u00a0%", "900,00\u00a0€", "500,00\u00a0€")] == \
        ["100\u00a0%", "900,00\u00a0€", "500,00\u00a0€"], rules         # each threshold with its unit
    page.locator(".st-key-alerts_monthly label").click()
    wait_for_app(page)

    # 3. the import that crosses them
    csv, expect = _november_invoice(j["db"], j["tmp"])
    assert expect["used_pct"] >= Decimal(BURN_PCT)                      # the file does cross each rule
    assert set(expect["shock"]) == set(expect["roaming"]) == {expect["spiked"]}
    out = _cli(j["env"], "import", str(csv), "--org", ORG)
    assert "Alerts fired: 3" in out, out

    # the app's reports say what the file says
    db = Database(j["db"])
    try:
        scope = Scope.organisation(ORG)
        budget = run_report("budget-vs-actual", db, scope, month=NOVEMBER)
        org_row = budget[budget.cost_centre.isna()].iloc[0]
        subs = run_report("costs-by-subscription", db, scope, month_from=NOVEMBER, month_to=NOVEMBER)
        saldo = run_report("saldoviesti", db, scope, month=NOVEMBER)
    finally:
        db.close()
    assert bool(org_row.month_closed) and _cents(org_row.actual) == expect["total"]
    assert abs(Decimal(str(org_row.used_pct)) - expect["used_pct"]) < Decimal("0.001")
    # the year to date counts the budgeted month only, not January to October's actual too
    assert _cents(org_row.actual_ytd) == expect["total"] and _cents(org_row.budget_ytd) == BUDGET
    spiked = subs.set_index("subscription_id").loc[expect["spiked"]]
    assert _cents(spiked.amount) == expect["shock"][expect["spiked"]]
    assert _cents(spiked.roaming) == expect["roaming"][expect["spiked"]]

    # 4. the alerts in the app: the menu counts them, the page lists exactly them
    _go(page, "Hälytykset", "3 lukematonta")
    assert page.locator('[data-testid="stSidebarNav"]').get_by_text("Hälytykset (3 uutta)").count() == 1
    cells = _first_table_cells(page)
    who = expect["user_name"]
    sub = expect["spiked"]
    figures = {
        "budget_burn": f"budjetista käytetty {fmt_number(expect['used_pct'], 'fi', 1)} % (marraskuu 2026): "
                       f"toteuma {fmt_money(expect['total'], 'fi')}, budjetti {fmt_money(BUDGET, 'fi')}.",
        "bill_shock": f"Laskushokki: {who} ({sub}) {fmt_money(expect['shock'][sub], 'fi')} kuussa marraskuu 2026, "
                      f"raja {fmt_money(Decimal(SHOCK_EUR), 'fi')}.",
        "roaming": f"Verkkovierailu: {who} ({sub}) {fmt_money(expect['roaming'][sub], 'fi')} kuussa "
                   f"marraskuu 2026, raja {fmt_money(Decimal(ROAMING_EUR), 'fi')}.",
    }
    texts = [c for c in cells if any(f in c for f in figures.values())]
    assert len(texts) == 3 and all(any(f in c for c in texts) for f in figures.values()), cells
    page.screenshot(path=str(j["tmp"] / "alerts_1440.png"), full_page=True)
    # the budgets page opens at November, the month with the budget (December, open, has none)
    _go(page, "Budjetit", "Budjetti marraskuu 2026")
    body = page.inner_text("body")
    assert fmt_money(BUDGET, "fi") in body and fmt_money(expect["total"], "fi") in body
    page.screenshot(path=str(j["tmp"] / "budgets_1440.png"), full_page=True)

    # 5. the scheduler: two passes; the first delivers everything once, the second nothing
    out = _cli(j["env"], "scheduler", "--every", "0.5", "--passes", "2", timeout=180)
    passes = [ln for ln in out.splitlines() if ln.startswith("alerts fired:")]
    reports = [ln for ln in out.splitlines() if ln.startswith("monthly reports queued:")]
    sms = [ln for ln in out.splitlines() if ln.startswith("Saldoviesti queued:")]
    batch = saldo[~saldo.opted_out.astype(bool)]
    assert len(batch) > 0
    assert passes[0].startswith("alerts fired: 0; e-mails sent: 3, to retry: 0, failed: 0"), out
    assert passes[1].startswith("alerts fired: 0; e-mails sent: 0, to retry: 0, failed: 0"), out
    assert reports[0].startswith("monthly reports queued: 1; sent: 1, to retry: 0"), out
    assert reports[1].startswith("monthly reports queued: 0; sent: 0, to retry: 0"), out
    assert sms[0].startswith(f"Saldoviesti queued: {len(batch)}; SMS sent: {len(batch)}, to retry: 0"), out
    assert sms[1].startswith("Saldoviesti queued: 0; SMS sent: 0, to retry: 0"), out

    messages = j["inbox"].messages
    assert {m["X-Envelope-To"] for m in messages} == {EMAIL}
    alerts = [m for m in messages if m["X-Fokus-Alert"]]
    monthly = [m for m in messages if not m["X-Fokus-Alert"]]
    assert len(alerts) == 3 and len(monthly) == 1 and len(messages) == 4
    for kind, figure in figures.items():
        [mail] = [m for m in alerts if figure in m.get_body(("plain",)).get_content()]
        assert mail["Subject"].startswith("Fokus-hälytys: "), (kind, mail["Subject"])
        html = mail.get_body(("html",)).get_content()
        assert '<html lang="fi">' in html and "Fokus › Hälytykset" in html
    report = monthly[0]
    assert report["Subject"] == "Fokus-kuukausiraportti: Pohjolan Rakennus Oy, marraskuu 2026"
    attachment = next(report.iter_attachments())
    assert attachment.get_filename() == f"{ORG}_2026-11.html"
    html = attachment.get_content()
    assert 'lang="fi"' in html and fmt_money(expect["total"], "fi") in html

    requests = j["gateway"].requests
    keys = [r["key"] for r in requests]
    assert sorted(keys) == sorted(f"saldoviesti:{ORG}:2026-11:{s}" for s in batch.subscription_id)
    by_key = {r["key"]: r for r in requests}
    first = batch.iloc[0]
    sent = by_key[f"saldoviesti:{ORG}:2026-11:{first.subscription_id}"]
    assert (sent["to"], sent["text"], sent["auth"]) == (first.phone_number, first.text, "Bearer gw-t0ken")

    # 6. a live event: Alertmanager's example message for one of the organisation's services
    services = run_services(j["db"])
    message = json.loads((ROOT / "tests" / "data" / "alertmanager" / "firing.json").read_text(encoding="utf-8"))
    message["alerts"][0]["labels"]["service"] = services[0]
    message["alerts"][0]["annotations"]["summary"] = SUMMARY
    message["alerts"][0]["startsAt"] = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    _go(page, "Palveluiden tila", "Häiriöt ja huollot")
    assert page.get_by_text(SUMMARY).count() == 0
    assert page.locator(".fokus-overall").get_attribute("data-status") != "major_outage"
    req = urllib.request.Request(j["events_url"] + "/v1/events/alertmanager", data=json.dumps(message).encode(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {j['token']}"}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200 and json.loads(resp.read())["stored"] == 1
    # the next run of the page shows it (the menu's link runs it again; its fragment would
    # within its minute): the events' version is part of the status reports' cache key
    _go(page, "Palveluiden tila", SUMMARY)
    card = page.locator(".fokus-event", has_text=SUMMARY)
    assert card.count() == 1 and services[1] in card.inner_text()       # the service's name on its card
    assert page.locator(".fokus-overall").get_attribute("data-status") == "major_outage"   # "critical"


def run_services(db_path: Path) -> tuple[str, str]:
    """An operational service of the organisation: its id and name."""
    db = Database(db_path)
    try:
        df = run_report("status-overview", db, Scope.organisation(ORG))
    finally:
        db.close()
    row = df[df.status == "operational"].sort_values("service_id").iloc[0]
    return str(row.service_id), str(row.service_name)
