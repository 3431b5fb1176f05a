"""An alert as words, and its delivery by e-mail through the outbox.

The outbox (state store ``alert_outbox``) has one row per alert and recipient; a pass of
``deliver_due`` sends the due rows over SMTP through reporting.core.outbox (claimed before
sending, retried with a growing wait, ``uncertain`` and never re-sent after a crash).

SMTP comes from the environment (no secret in the repository): ``REPORTING_SMTP_HOST``,
``REPORTING_SMTP_PORT`` (25), ``REPORTING_SMTP_TLS`` (``none``, ``starttls`` or ``ssl``),
``REPORTING_SMTP_USER``, ``REPORTING_SMTP_PASSWORD``, ``REPORTING_SMTP_FROM``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from reporting.core.outbox import Outbox, deliver
from reporting.i18n import code_label, fmt_money, fmt_month, fmt_number, t


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    tls: str = "none"
    user: str | None = None
    password: str | None = None
    sender: str = "fokus@localhost"

    @staticmethod
    def from_env(env: Mapping[str, str] | None = None) -> SmtpSettings | None:
        env = os.environ if env is None else env
        host = env.get("REPORTING_SMTP_HOST")
        if not host:
            return None
        tls = env.get("REPORTING_SMTP_TLS", "none")
        if tls not in ("none", "starttls", "ssl"):
            raise ValueError(f"REPORTING_SMTP_TLS must be none, starttls or ssl, not {tls!r}")
        return SmtpSettings(host, int(env.get("REPORTING_SMTP_PORT", "465" if tls == "ssl" else "25")), tls,
                            env.get("REPORTING_SMTP_USER") or None, env.get("REPORTING_SMTP_PASSWORD") or None,
                            env.get("REPORTING_SMTP_FROM", "fokus@localhost"))


def alert_text(kind: str, facts: Mapping, lang: str, cost_centre: str | None = None) -> str:
    """One alert as a sentence in ``lang`` (the page, the e-mail subject and body)."""
    f = dict(facts)
    if kind == "budget_burn":
        who = f.get("cost_centre_name") or cost_centre or t("budgets.organisation", lang)
        return t(f"alerts.text.budget_{f['what']}", lang, who=who,
                 month=fmt_month(dt.date.fromisoformat(f["month"]), lang),
                 used=fmt_number(f["used_pct"], lang, 1), amount=fmt_money(f["amount"], lang),
                 budget=fmt_money(f["budget"], lang))
    if kind in ("bill_shock", "roaming"):
        who = f.get("user_name") or f["subscription_id"]
        return t(f"alerts.text.{kind}", lang, who=who, subscription=f["subscription_id"],
                 month=fmt_month(dt.date.fromisoformat(f["month"]), lang), amount=fmt_money(f["amount"], lang),
                 limit=fmt_money(f["limit"], lang))
    if kind == "data_allowance":
        return t("alerts.text.data_allowance", lang, who=f.get("user_name") or f["subscription_id"],
                 subscription=f["subscription_id"], month=fmt_month(dt.date.fromisoformat(f["month"]), lang),
                 used=fmt_number(f["used_pct"], lang, 0), data=fmt_number(f["data_gb"], lang, 1),
                 allowance=fmt_number(f["allowance_gb"], lang, 0))
    if kind == "sla_missed":
        return t("alerts.text.sla_missed", lang, service=f["service_name"],
                 month=fmt_month(dt.date.fromisoformat(f["month"]), lang),
                 availability=fmt_number(f["availability_pct"], lang, 2), target=fmt_number(f["target_pct"], lang, 2))
    if kind == "ticket_breach":
        return t("alerts.text.ticket_breach", lang, ticket=f["ticket_id"], service=f["service_name"],
                 priority=f["priority"], subject=f["subject"])
    return t(f"alerts.text.incident_{f['phase']}", lang, service=f["service_name"], title=f["title"],
             status=code_label("status", f["status"], lang))


def compose(row: Mapping, sender: str) -> EmailMessage:
    """The e-mail of one outbox row: plain text and HTML, in the rule's language."""
    lang = row["lang"]
    text = alert_text(row["kind"], json.loads(row["facts"]), lang, row["cost_centre"])
    msg = EmailMessage()
    msg["Subject"] = t("alerts.mail.subject", lang, text=text)[:200]
    msg["From"] = sender
    msg["To"] = row["recipient"]
    msg["Message-ID"] = make_msgid(idstring=f"alert-{row['alert_id']}")
    msg["X-Fokus-Alert"] = str(row["alert_id"])
    body = t("alerts.mail.body", lang, text=text)
    msg.set_content(body)
    msg.add_alternative(f"<!DOCTYPE html><html lang=\"{lang}\"><body><p>{html.escape(text)}</p>"
                        f"<p>{html.escape(t('alerts.mail.footer', lang))}</p></body></html>", subtype="html")
    return msg


def send_smtp(settings: SmtpSettings, msg: EmailMessage) -> None:
    """Send one message over SMTP as ``settings`` say (TLS, login)."""
    cls = smtplib.SMTP_SSL if settings.tls == "ssl" else smtplib.SMTP
    with cls(settings.host, settings.port, timeout=30) as smtp:
        if settings.tls == "starttls":
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(msg)


ALERT_OUTBOX = Outbox(stale="alerts/outbox_stale_sending", due="alerts/outbox_due", claim="alerts/outbox_claim",
                      result="alerts/outbox_result", key="message_id")


def smtp_attempt(settings: SmtpSettings, make: Callable[[dict], EmailMessage],
                 send: Callable[[SmtpSettings, EmailMessage], None]) -> Callable[[dict], tuple[str, str | None]]:
    """An outbox attempt that sends the e-mail ``make`` composes: sent, or retry on an
    SMTP or connection error."""
    def attempt(row: dict) -> tuple[str, str | None]:
        try:
            send(settings, make(row))
        except (OSError, smtplib.SMTPException) as exc:
            return "retry", f"{type(exc).__name__}: {exc}"
        return "sent", None
    return attempt


def deliver_due(settings: SmtpSettings | None = None, *, path: Path | None = None,
                now: dt.datetime | None = None, send=send_smtp) -> dict[str, int]:
    """One delivery pass of the alert e-mails (reporting.core.outbox); counts by result.
    Without SMTP settings nothing is sent (the alerts stay in the app)."""
    settings = settings or SmtpSettings.from_env()
    if settings is None:
        return {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "uncertain": 0}
    return deliver(ALERT_OUTBOX, smtp_attempt(settings, lambda row: compose(row, settings.sender), send),
                   path=path, now=now)
