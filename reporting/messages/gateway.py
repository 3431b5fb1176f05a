"""Saldoviesti messages handed to the operator's SMS gateway over HTTP (issue 18).

``queue_month`` puts an organisation's month of messages (opted-out subscriptions left out)
into the state store's ``sms_outbox``, one row per message keyed by organisation, month and
subscription: queuing the same month again adds nothing, so the scheduler may run as often
as it likes and each employee gets one message a month.

``deliver_sms`` sends what is due, one HTTP POST per message to ``REPORTING_SMS_URL``::

    POST <url>
    Authorization: Bearer <REPORTING_SMS_TOKEN>
    Idempotency-Key: saldoviesti:<org>:<YYYY-MM>:<subscription>
    Content-Type: application/json

    {"to": "+358401234567", "text": "...", "language": "fi", "reference": "<the same key>"}

A 2xx answer is ``sent``; 429, 5xx or no answer is tried again after 1, 2, 4, 8 minutes and
``failed`` after five attempts; another 4xx is ``failed`` at once (the gateway refused it). A
message whose subscription has opted out since it was queued is ``skipped``. A message is
claimed before it is sent; one left claimed by a process that died is ``uncertain`` and never
sent again (the gateway also gets the key, to drop a repeat on its side). Every attempt is
logged in ``sms_attempts`` with the HTTP status and the result.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reporting.access.scope import Scope
from reporting.core import state
from reporting.core.db import Database
from reporting.core.outbox import Outbox, deliver
from reporting.messages.saldoviesti import latest_month, messages_of, preferences, settings_for


@dataclass(frozen=True)
class GatewaySettings:
    url: str
    token: str | None = None
    timeout_s: float = 15.0

    @staticmethod
    def from_env(env: Mapping[str, str] | None = None) -> GatewaySettings | None:
        env = os.environ if env is None else env
        url = env.get("REPORTING_SMS_URL")
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"REPORTING_SMS_URL must be an http(s) address, not {url!r}")
        return GatewaySettings(url, env.get("REPORTING_SMS_TOKEN") or None)


def saldoviesti_orgs(db: Database, env: Mapping[str, str] | None = None) -> list[str]:
    """The organisations whose Saldoviesti the scheduler sends: ``REPORTING_SALDOVIESTI_ORGS``,
    a comma-separated list of ids, or ``*`` for every organisation (none when unset)."""
    env = os.environ if env is None else env
    raw = (env.get("REPORTING_SALDOVIESTI_ORGS") or "").strip()
    if not raw:
        return []
    known = [r[0] for r in db.rows("SELECT org_id FROM organisations ORDER BY org_id")]
    if raw == "*":
        return known
    wanted = [o.strip() for o in raw.split(",") if o.strip()]
    return [o for o in wanted if o in known]


def message_key(org_id: str, month: dt.date, subscription_id: str) -> str:
    return f"saldoviesti:{org_id}:{month:%Y-%m}:{subscription_id}"


def queue_month(db: Database, org_id: str, month: dt.date | None = None, *, path: Path | None = None) -> int:
    """Queue the organisation's Saldoviesti of ``month`` (default: the newest invoiced);
    returns how many messages are new in the outbox."""
    # the shared fast path, with the opt-outs of the state store it queues into
    messages = messages_of(db, Scope.organisation(org_id), month, settings_for(org_id, path))
    if messages.empty:
        return 0
    month = month or latest_month(db, org_id)
    sending = messages[~messages.opted_out.astype(bool)]
    rows = [{"message_key": message_key(org_id, month, sub), "org_id": org_id, "month": f"{month:%Y-%m}",
             "subscription_id": sub, "phone_number": phone, "lang": lang, "text": text}
            for sub, phone, lang, text in zip(sending.subscription_id, sending.phone_number,
                                              sending.language, sending.text, strict=True)]
    with state.transaction(path) as con:
        # executemany sums the rows each insert added (a message already queued adds none)
        cur = con.executemany(state.sql("sms/sms_queue"), rows)
        return max(cur.rowcount, 0)


def _post(settings: GatewaySettings, key: str, payload: dict) -> int:
    """POST one message; the HTTP status (raises OSError when there is no answer)."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if settings.token:
        headers["Authorization"] = f"Bearer {settings.token}"
    req = urllib.request.Request(settings.url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                 headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=settings.timeout_s) as resp:   # an http(s) URL (from_env)
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


SMS_OUTBOX = Outbox(stale="sms/sms_stale", due="sms/sms_due", claim="sms/sms_claim", result="sms/sms_result",
                    key="message_key")


def deliver_sms(settings: GatewaySettings | None = None, *, path: Path | None = None,
                now: dt.datetime | None = None,
                post: Callable[[GatewaySettings, str, dict], int] = _post) -> dict[str, int]:
    """One delivery pass over the due messages (reporting.core.outbox); counts by result."""
    settings = settings or GatewaySettings.from_env()
    if settings is None:
        return {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "uncertain": 0}
    opted_out: dict[str, set[str]] = {}
    statuses: dict[str, int | None] = {}

    def attempt(row: dict) -> tuple[str, str | None]:
        org = row["org_id"]
        if org not in opted_out:
            prefs = preferences(org, path)
            opted_out[org] = ({str(s) for s, o in zip(prefs.subscription_id, prefs.opted_out, strict=True) if bool(o)}
                              if len(prefs) else set())
        status, detail = None, None
        if row["subscription_id"] in opted_out[org]:
            result = "skipped"
        else:
            try:
                status = post(settings, row["message_key"], {
                    "to": row["phone_number"], "text": row["text"], "language": row["lang"],
                    "reference": row["message_key"]})
            except OSError as exc:
                result, detail = "retry", f"{type(exc).__name__}: {exc}"[:500]
            else:
                result = ("sent" if 200 <= status < 300 else
                          "retry" if status == 429 or status >= 500 else "failed")
                detail = None if result == "sent" else f"HTTP {status}"
        statuses[row["message_key"]] = status
        return result, detail

    def record(con, row: dict, result: str, detail: str | None) -> None:
        # every attempt logged with its answer, in the transaction that records the result
        con.execute(state.sql("sms/sms_attempt_log"), {"message_key": row["message_key"],
                                                       "http_status": statuses.pop(row["message_key"], None),
                                                       "result": result, "detail": detail})

    return deliver(SMS_OUTBOX, attempt, path=path, now=now, record=record)
