"""Saldoviesti to the SMS gateway (issue 18): a month is queued once, a local HTTP server
stands in for the gateway and fails on purpose, retries follow, every message arrives once,
opt-outs are honoured, and a crash between sending and recording sends nothing twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.messages.gateway import GatewaySettings, deliver_sms, queue_month
from tests.store import open_store

ROOT = Path(__file__).resolve().parent.parent
ORG = "saimaa"


class Gateway:
    """A local stand-in for the SMS gateway: answers ``fail_first`` requests with 503, then
    202; records every request (headers and JSON body)."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first, self.requests = fail_first, []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):   # the stdlib's handler name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.requests.append({"key": self.headers["Idempotency-Key"],
                                         "auth": self.headers.get("Authorization"), **body})
                code = 503 if len(gateway.requests) <= gateway.fail_first else 202
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.settings = GatewaySettings(f"http://127.0.0.1:{self.server.server_address[1]}/send", "t0ken")

    def delivered(self) -> list[str]:
        return [r["key"] for i, r in enumerate(self.requests) if i >= self.fail_first]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    g = Gateway()
    yield g
    g.close()


def _expected(demo_db) -> list:
    messages = run_report("saldoviesti", demo_db, Scope.organisation(ORG))
    return messages[~messages.opted_out.astype(bool)]


def _states(path) -> dict[str, int]:
    con = open_store(path)
    try:
        return dict(con.execute("SELECT state, count(*) FROM sms_outbox GROUP BY state").fetchall())
    finally:
        con.close()


def test_month_is_queued_once_and_each_message_arrives_once(demo_db, tmp_path, gateway):
    state_path = tmp_path / "state.sqlite"
    expected = _expected(demo_db)
    assert len(expected) > 0
    assert queue_month(demo_db, ORG, path=state_path) == len(expected)
    assert queue_month(demo_db, ORG, path=state_path) == 0
    gateway.fail_first = 3                                   # the gateway is down for three requests
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=1)
    first = deliver_sms(gateway.settings, path=state_path, now=now)
    assert (first["sent"], first["retry"]) == (len(expected) - 3, 3)
    assert deliver_sms(gateway.settings, path=state_path, now=now)["sent"] == 0    # backoff: not yet
    again = deliver_sms(gateway.settings, path=state_path, now=now + dt.timedelta(minutes=2))
    assert again["sent"] == 3
    assert deliver_sms(gateway.settings, path=state_path, now=now + dt.timedelta(hours=1))["sent"] == 0
    delivered = gateway.delivered()
    assert sorted(delivered) == sorted(f"saldoviesti:{ORG}:{m}:{s}" for m, s in zip(
        [pd_month(demo_db)] * len(expected), expected.subscription_id, strict=True))
    assert len(set(delivered)) == len(delivered)                                  # none twice
    by_key = {r["key"]: r for r in gateway.requests}
    one = expected.iloc[0]
    sent = by_key[f"saldoviesti:{ORG}:{pd_month(demo_db)}:{one.subscription_id}"]
    assert (sent["to"], sent["text"], sent["language"], sent["auth"]) == \
        (one.phone_number, one.text, one.language, "Bearer t0ken")
    assert _states(state_path) == {"sent": len(expected)}
    con = open_store(state_path)
    logged = con.execute("SELECT result, count(*) FROM sms_attempts GROUP BY result").fetchall()
    con.close()
    assert dict(logged) == {"sent": len(expected), "retry": 3}                   # every attempt logged


def pd_month(demo_db) -> str:
    from reporting.messages.saldoviesti import latest_month

    return f"{latest_month(demo_db, ORG):%Y-%m}"


def test_opt_out_after_queueing_and_a_crash_send_nothing(demo_db, tmp_path, gateway):
    state_path = tmp_path / "state.sqlite"
    expected = _expected(demo_db)
    queue_month(demo_db, ORG, path=state_path)
    out, crashed = expected.subscription_id.iloc[0], expected.subscription_id.iloc[1]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=1)
    con = open_store(state_path)
    con.execute("INSERT INTO message_prefs (org_id, subscription_id, lang, opted_out, updated_by) "
                "VALUES (?, ?, 'fi', 1, 'test')", [ORG, out])
    # a process claimed this one and died before it recorded the answer
    con.execute("UPDATE sms_outbox SET state = 'sending', claimed_at = ? WHERE subscription_id = ?",
                [(now - dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S"), crashed])
    con.commit()
    con.close()
    counts = deliver_sms(gateway.settings, path=state_path, now=now)
    assert (counts["skipped"], counts["uncertain"], counts["sent"]) == (1, 1, len(expected) - 2)
    keys = gateway.delivered()
    assert not any(k.endswith(f":{out}") or k.endswith(f":{crashed}") for k in keys)
    assert _states(state_path) == {"sent": len(expected) - 2, "skipped": 1, "uncertain": 1}


def test_a_refused_message_fails_without_retries(demo_db, tmp_path):
    state_path = tmp_path / "state.sqlite"
    queue_month(demo_db, ORG, path=state_path)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=1)
    counts = deliver_sms(GatewaySettings("http://127.0.0.1:9/x"), path=state_path, now=now,
                         post=lambda s, k, p: 400)
    assert counts["failed"] == len(_expected(demo_db)) and counts["retry"] == 0


def test_run_due_queues_and_sends_the_configured_organisations(demo_path, tmp_path, gateway):
    env = {**os.environ, "REPORTING_DB": str(demo_path), "REPORTING_STATE_DB": str(tmp_path / "state.sqlite"),
           "REPORTING_SMS_URL": gateway.settings.url, "REPORTING_SMS_TOKEN": "t0ken",
           "REPORTING_SALDOVIESTI_ORGS": ORG}
    env.pop("REPORTING_SMTP_HOST", None)
    db = Database(demo_path)
    try:
        n = len(_expected(db))
    finally:
        db.close()
    for expected_sent in (n, 0):                              # the second pass sends nothing again
        done = subprocess.run([sys.executable, "-m", "reporting", "run-due"], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        assert f"SMS sent: {expected_sent}," in done.stdout, done.stdout
    assert len(gateway.requests) == n
