"""The monthly service report by e-mail (issue 18).

A person who sees the whole organisation (the main user, an analyst; the operator for any
organisation) subscribes on the alerts page. Each ``run-due`` pass queues, for every
organisation with subscribers, its newest invoiced month once the month's report is due: on
the ``REPORTING_MONTHLY_REPORT_DAY``-th working day (default 1, Finnish holidays excluded) of
the month after it. One outbox row per organisation, month and subscriber, so each month's
report goes to each subscriber once; delivery follows the alert outbox's rules (claimed
before sending, retried with backoff, ``uncertain`` after a crash, never sent twice). The
e-mail has a short text in the subscriber's language and the report's HTML attached, the
same file as ``python -m reporting monthly-report`` writes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from reporting.access.scope import Role, Scope, User
from reporting.alerts.deliver import SmtpSettings, send_smtp, smtp_attempt
from reporting.core import state
from reporting.core.db import Database
from reporting.core.months import add_months
from reporting.core.outbox import Outbox, deliver, utc_now
from reporting.i18n import fmt_month, t
from reporting.messages.saldoviesti import latest_month
from reporting.orders.ordering import is_working_day
from reporting.publish.monthly_report import render_html, section_data

SEES_WHOLE_ORG = {Role.OPERATOR, Role.MAIN_USER, Role.ANALYST}


def may_subscribe(user: User | None, org_id: str | None) -> bool:
    """An account with an e-mail address that sees the whole organisation."""
    if user is None or not org_id or not user.email or user.is_demo:
        return False
    return user.role in SEES_WHOLE_ORG and (user.role is Role.OPERATOR or user.org_id == org_id)


def subscribed(user: User, org_id: str, path: Path | None = None) -> bool:
    with state.connect(path) as con:
        return con.execute(state.sql("reports/subscribed"), {"user_id": user.user_id, "org_id": org_id}).fetchone() \
            is not None


def set_subscription(user: User, org_id: str, on: bool, lang: str = "fi", path: Path | None = None) -> None:
    if on and not may_subscribe(user, org_id):
        raise PermissionError("may not subscribe to this organisation's monthly report")
    with state.transaction(path) as con:
        con.execute(state.sql("reports/subscribe" if on else "reports/unsubscribe"),
                    {"user_id": user.user_id, "org_id": org_id, "lang": lang})


def due_day(month: dt.date, nth: int = 1) -> dt.date:
    """The ``nth`` working day of the month after ``month``: when its report is due."""
    day, found = add_months(month, 1), 0
    while True:
        if is_working_day(day):
            found += 1
            if found == nth:
                return day
        day += dt.timedelta(days=1)


def queue_due(db: Database, *, today: dt.date, path: Path | None = None,
              env: Mapping[str, str] | None = None) -> int:
    """Queue every due monthly report for its subscribers; returns how many are new."""
    env = os.environ if env is None else env
    nth = int(env.get("REPORTING_MONTHLY_REPORT_DAY", "1"))
    with state.connect(path) as con:
        orgs = [r[0] for r in con.execute(state.sql("reports/subscribed_orgs")).fetchall()]
    new = 0
    for org in orgs:
        month = latest_month(db, org)
        if month is None or today < due_day(month, nth):
            continue
        with state.transaction(path) as con:
            for s in con.execute(state.sql("reports/subscribers"), {"org_id": org}).fetchall():
                new += con.execute(state.sql("reports/queue"), {
                    "message_key": f"monthly:{org}:{month:%Y-%m}:{s['user_id']}", "org_id": org,
                    "month": f"{month:%Y-%m}", "user_id": s["user_id"], "recipient": s["email"],
                    "lang": s["lang"]}).rowcount
    return new


def compose(db: Database, row: Mapping, sender: str, generated: dt.datetime) -> EmailMessage:
    lang, org_id = row["lang"], row["org_id"]
    month = dt.date.fromisoformat(row["month"] + "-01")
    db = db.for_org(org_id)
    name, business_id = db.rows("SELECT name, business_id FROM organisations WHERE org_id = ?", [org_id])[0]
    html = render_html(name, business_id, month, section_data(db, Scope.organisation(org_id), month), lang, generated)
    msg = EmailMessage()
    msg["Subject"] = t("mail.monthly.subject", lang, org=name, month=fmt_month(month, lang))
    msg["From"] = sender
    msg["To"] = row["recipient"]
    msg["Message-ID"] = make_msgid(idstring=row["message_key"].replace(":", "."))
    msg.set_content(t("mail.monthly.body", lang, org=name, month=fmt_month(month, lang)))
    msg.add_attachment(html, subtype="html", charset="utf-8", filename=f"{org_id}_{month:%Y-%m}.html")
    return msg


REPORT_OUTBOX = Outbox(stale="reports/stale", due="reports/due", claim="reports/claim", result="reports/result",
                       key="message_key")


def deliver_reports(db: Database, settings: SmtpSettings | None = None, *, path: Path | None = None,
                    now: dt.datetime | None = None,
                    send: Callable[[SmtpSettings, EmailMessage], None] = send_smtp) -> dict[str, int]:
    """One delivery pass over the due monthly-report e-mails (reporting.core.outbox)."""
    settings = settings or SmtpSettings.from_env()
    if settings is None:
        return {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "uncertain": 0}
    now = now or utc_now()
    make = lambda row: compose(db, row, settings.sender, now.replace(microsecond=0))  # noqa: E731
    return deliver(REPORT_OUTBOX, smtp_attempt(settings, make, send), path=path, now=now)
