"""The events server: an HTTP endpoint that takes service events as they happen (issue 18).

    POST /v1/events/alertmanager   Prometheus Alertmanager's webhook message (version 4)
    POST /v1/events                the simple JSON message
    GET  /healthz                  200 when it runs

Every POST carries ``Authorization: Bearer <token>`` of a source (``python -m reporting
event-source``); the source decides the organisation, so a message cannot write another's
events. A message is stored whole or refused whole (reporting.services.live): 401 without a
valid token, 413 over 1 MB, 400 for what is not JSON, 422 naming the event and field that is
wrong, 200 with ``{"stored": n, "alerts_fired": k}``. The events go into the state store (the
analytical database is not rewritten) and the organisation's alert rules are evaluated at
once, so an incident rule fires when its event arrives. The status page shows the event at
its next refresh (it reruns every minute).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from reporting.access.scope import Scope
from reporting.core import config
from reporting.core.db import Database
from reporting.core.sqlfiles import load_sql
from reporting.services.live import EventError, authenticate, parse_alertmanager, parse_simple, store

MAX_BODY = 1_000_000
PARSERS = {"/v1/events/alertmanager": parse_alertmanager, "/v1/events": parse_simple}


def make_server(host: str, port: int, db_path: Path, state_path: Path | None = None) -> ThreadingHTTPServer:
    db = Database(db_path)
    lock = threading.Lock()
    state_path = state_path or config.state_path(Path(db_path))

    def known_services(org_id: str) -> set[str]:
        with lock:
            db.refresh()
            df = db.query(load_sql("services/status_services"),
                          {**Scope.organisation(org_id).params(), "service_id": None, "categories": None})
        return set(df.service_id.astype(str))

    def evaluate(org_id: str) -> int:
        from reporting.alerts.evaluate import evaluate_org

        with lock:
            return len(evaluate_org(db, org_id, path=state_path))

    class Handler(BaseHTTPRequestHandler):
        server_version = "FokusEvents/1"

        def _answer(self, code: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):   # the stdlib's handler name
            if self.path == "/healthz":
                self._answer(200, {"ok": True})
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self):
            parse = PARSERS.get(self.path.split("?", 1)[0])
            if parse is None:
                return self._answer(404, {"error": "not found"})
            auth = self.headers.get("Authorization", "")
            source = authenticate(auth[7:].strip() if auth.lower().startswith("bearer ") else None, state_path)
            if source is None:
                return self._answer(401, {"error": "a valid Bearer token is required"})
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                return self._answer(400, {"error": "bad Content-Length"})
            if length > MAX_BODY:
                # read what was sent (up to a bound) so that the client sees the answer
                remaining = min(length, 16 * MAX_BODY)
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
                self.close_connection = True
                return self._answer(413, {"error": f"at most {MAX_BODY} bytes"})
            try:
                message = json.loads(self.rfile.read(length) or b"null")
            except (UnicodeDecodeError, json.JSONDecodeError):
                return self._answer(400, {"error": "the body is not JSON"})
            try:
                events = parse(message, known_services(source.org_id))
            except EventError as exc:
                return self._answer(422, {"error": str(exc), "where": exc.where})
            stored = store(source, events, state_path)
            try:
                fired = evaluate(source.org_id)
            except Exception:  # the events are stored; a failing rule must not refuse them
                fired = 0
            return self._answer(200, {"stored": stored, "alerts_fired": fired})

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
