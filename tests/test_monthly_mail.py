"""The monthly service report by e-mail (issue 18): a subscriber who sees the whole
organisation gets the newest month's report once it is due (the first working day of the
next month), in their language, with the same HTML as `monthly-report` attached; once each,
whatever runs again or fails; a manager cannot subscribe."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reporting.access.accounts import create_account
from reporting.access.scope import Role, User
from reporting.i18n import t
from reporting.messages.saldoviesti import latest_month
from reporting.publish.mail import deliver_reports, due_day, may_subscribe, queue_due, set_subscription
from tests.test_alerts import Inbox, smtp  # noqa: F401 (the SMTP server fixture)

ROOT = Path(__file__).resolve().parent.parent
ORG = "saimaa"


def test_due_day_is_the_first_working_day_after_the_month():
    assert due_day(dt.date(2026, 10, 1)) == dt.date(2026, 11, 2)        # 1.11.2026 is a Sunday
    assert due_day(dt.date(2026, 11, 1)) == dt.date(2026, 12, 1)
    assert due_day(dt.date(2026, 12, 1)) == dt.date(2027, 1, 4)         # 1.1. holiday, 2.-3.1. weekend
    assert due_day(dt.date(2026, 12, 1), 3) == dt.date(2027, 1, 7)      # 6.1. Epiphany


def test_subscribers_get_the_report_once(demo_db, tmp_path, smtp, cheap_argon2):  # noqa: F811
    inbox, settings = smtp
    state_path = tmp_path / "state.sqlite"
    acc = create_account(email="anna@saimaa.example", name="Anna", role=Role.MAIN_USER, org_id=ORG,
                         created_by="test", path=state_path)
    main = User(acc.user_id, "Anna", Role.MAIN_USER, org_id=ORG, email="anna@saimaa.example")
    boss = User("m", "M", Role.MANAGER, org_id=ORG, cost_centres=frozenset({"1000"}), email="m@x.example")
    assert may_subscribe(main, ORG) and not may_subscribe(boss, ORG)
    assert not may_subscribe(User("demo:main:saimaa", "D", Role.MAIN_USER, org_id=ORG, is_demo=True), ORG)
    with pytest.raises(PermissionError):
        set_subscription(boss, ORG, True, path=state_path)
    set_subscription(main, ORG, True, lang="en", path=state_path)
    month = latest_month(demo_db, ORG)
    day = due_day(month)
    assert queue_due(demo_db, today=day - dt.timedelta(days=1), path=state_path) == 0    # not due yet
    assert queue_due(demo_db, today=day, path=state_path) == 1
    assert queue_due(demo_db, today=day + dt.timedelta(days=3), path=state_path) == 0    # once
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=1)

    def down(s, m):
        raise ConnectionRefusedError("smtp down")

    assert deliver_reports(demo_db, settings, path=state_path, now=now, send=down)["retry"] == 1
    assert deliver_reports(demo_db, settings, path=state_path, now=now + dt.timedelta(minutes=2))["sent"] == 1
    assert deliver_reports(demo_db, settings, path=state_path, now=now + dt.timedelta(hours=2))["sent"] == 0
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["X-Envelope-To"] == "anna@saimaa.example"
    assert msg["Subject"].startswith("Fokus monthly report: ") and month.strftime("%B %Y") in msg["Subject"]
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == f"{ORG}_{month:%Y-%m}.html"
    html = attachment.get_content()
    assert html.startswith("<!DOCTYPE html>") and 'lang="en"' in html
    # the same report as `monthly-report` writes (its sections, tables and figures)
    out = tmp_path / "cli"
    env = {**os.environ, "REPORTING_DB": str(demo_db.path)}
    done = subprocess.run([sys.executable, "-m", "reporting", "monthly-report", "--org", ORG, "--month",
                           f"{month:%Y-%m}", "--lang", "en", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    written = (out / f"{ORG}_{month:%Y-%m}" / "report.html").read_text(encoding="utf-8")
    stamp = t("monthly.generated", "en", when="").strip()          # the time it was made differs

    def strip(text: str) -> str:    # the charts' scripts name their elements anew each time
        text = re.sub(r"<script[\s\S]*?</script>", "", text)
        text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", text)
        return "\n".join(ln for ln in text.splitlines() if stamp not in ln)

    assert stamp and strip(html) == strip(written)


def test_run_due_sends_the_monthly_report(demo_path, tmp_path, smtp, cheap_argon2):  # noqa: F811
    inbox, settings = smtp
    state_path = tmp_path / "state.sqlite"
    acc = create_account(email="anna@saimaa.example", name="Anna", role=Role.MAIN_USER, org_id=ORG,
                         created_by="test", path=state_path)
    set_subscription(User(acc.user_id, "Anna", Role.MAIN_USER, org_id=ORG, email="anna@saimaa.example"), ORG,
                     True, path=state_path)
    env = {**os.environ, "REPORTING_DB": str(demo_path), "REPORTING_STATE_DB": str(state_path),
           "REPORTING_SMTP_HOST": settings.host, "REPORTING_SMTP_PORT": str(settings.port)}
    for sent in (1, 0):
        done = subprocess.run([sys.executable, "-m", "reporting", "run-due"], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        assert f"monthly reports queued: {sent}; sent: {sent}," in done.stdout, done.stdout
    assert len(inbox.messages) == 1 and inbox.messages[0]["Subject"].startswith("Fokus-kuukausiraportti: ")
