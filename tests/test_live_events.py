"""Service events as they happen (issue 18): the events server takes Alertmanager's webhook
message and the simple JSON, authenticates each source, stores a message whole or refuses it
whole, feeds the incident alerts, and the status reports show the event without an import."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reporting.access.scope import Role, Scope, User
from reporting.alerts.inbox import alerts_for
from reporting.alerts.rules import add_rule
from reporting.core import config
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.services.events_server import make_server
from reporting.services.live import EventError, create_source, events_of, parse_alertmanager

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "alertmanager"
ORG = "pohjola"
HELSINKI = ZoneInfo("Europe/Helsinki")


def _message(name: str, service: str, starts: dt.datetime, ends: dt.datetime | None = None) -> dict:
    msg = json.loads((DATA / name).read_text(encoding="utf-8"))
    for alert in msg["alerts"]:
        alert["labels"]["service"] = service
        alert["startsAt"] = starts.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if ends is not None:
            alert["endsAt"] = ends.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return msg


@pytest.fixture
def world(demo_path, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_path, path)
    monkeypatch.delenv("REPORTING_STATE_DB", raising=False)
    state_path = config.state_path(path)          # beside the database, as the reports read it
    db = Database(path)
    try:
        services = run_report("status-overview", db, Scope.organisation(ORG))
    finally:
        db.close()
    operational = services[services.current_status == "operational"] if "current_status" in services else services
    service = str(operational.service_id.iloc[0])
    server = make_server("127.0.0.1", 0, path, state_path)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    _, token = create_source(ORG, "alertmanager-test", state_path)
    yield {"db": path, "state": state_path, "url": url, "token": token, "service": service,
           "name": str(operational.service_name.iloc[0])}
    server.shutdown()
    server.server_close()


def _post(url: str, body: object, token: str | None) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_alertmanager_message_parses_as_the_example_says():
    msg = json.loads((DATA / "firing.json").read_text(encoding="utf-8"))
    msg["alerts"][0]["labels"]["service"] = "S1"
    [event] = parse_alertmanager(msg, {"S1"})
    # 2020-01-01T00:00:00Z is 02:00 in Helsinki (winter time); a firing alert has no end
    assert (event.event_id, event.service_id, event.status, event.title) == \
        ("am-c0ffee0000000001", "S1", "major_outage", "Test summary")
    assert event.starts_at == dt.datetime(2020, 1, 1, 2, 0) and event.ends_at is None
    resolved = json.loads((DATA / "resolved.json").read_text(encoding="utf-8"))
    resolved["alerts"][0]["labels"]["service"] = "S1"
    assert parse_alertmanager(resolved, {"S1"})[0].ends_at == dt.datetime(2020, 1, 1, 3, 0)
    with pytest.raises(EventError) as err:
        parse_alertmanager(resolved, {"S2"})
    assert err.value.where == "alerts[0].labels.service"


def test_a_firing_alert_shows_as_ongoing_and_its_resolution_ends_it(world):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    code, body = _post(world["url"] + "/v1/events/alertmanager",
                       _message("firing.json", world["service"], started), world["token"])
    assert (code, body["stored"]) == (200, 1)
    db = Database(world["db"])
    try:
        ongoing = run_report("status-incidents", db, Scope.organisation(ORG))
        mine = ongoing[ongoing.event_id == "am-c0ffee0000000001"]
        assert len(mine) == 1 and mine.iloc[0].phase == "ongoing" and mine.iloc[0].status == "major_outage"
        assert mine.iloc[0].service_name == world["name"]
        overview = run_report("status-overview", db, Scope.organisation(ORG)).set_index("service_id")
        assert overview.loc[world["service"]].filter(like="status").astype(str).str.contains("major_outage").any()
        # a manager's scope sees no services, live ones included
        manager = Scope(org_id=ORG, cost_centres=frozenset({"1000"}))
        assert run_report("status-incidents", db, manager).empty
    finally:
        db.close()
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    code, _ = _post(world["url"] + "/v1/events/alertmanager",
                    _message("resolved.json", world["service"], started, ended), world["token"])
    assert code == 200
    stored = events_of(ORG, world["state"])
    assert len(stored) == 1 and stored.iloc[0].ends_at.to_pydatetime() == \
        ended.astimezone(HELSINKI).replace(tzinfo=None, microsecond=0)
    db = Database(world["db"])
    try:
        ongoing = run_report("status-incidents", db, Scope.organisation(ORG))
        assert "am-c0ffee0000000001" not in set(ongoing.event_id)
    finally:
        db.close()


def test_refusals_store_nothing(world):
    started = dt.datetime.now(dt.UTC)
    good = _message("firing.json", world["service"], started)
    assert _post(world["url"] + "/v1/events/alertmanager", good, None)[0] == 401
    assert _post(world["url"] + "/v1/events/alertmanager", good, "wrong-token")[0] == 401
    assert _post(world["url"] + "/v1/events/alertmanager", b"{not json", world["token"])[0] == 400
    two = _message("firing.json", world["service"], started)
    two["alerts"].append({**two["alerts"][0], "labels": {"alertname": "X", "service": "NO-SUCH"},
                          "fingerprint": "other"})
    code, body = _post(world["url"] + "/v1/events/alertmanager", two, world["token"])
    assert code == 422 and body["where"] == "alerts[1].labels.service"
    code, body = _post(world["url"] + "/v1/events", {"events": [{"event_id": "e1", "service_id": world["service"],
                                                                  "status": "rikki", "starts_at": "2026-12-01T10:00",
                                                                  "title": "x"}]}, world["token"])
    assert code == 422 and body["where"] == "events[0].status"
    assert _post(world["url"] + "/v1/events", b"x" * 1_000_001, world["token"])[0] == 413
    assert events_of(ORG, world["state"]).empty                       # all or nothing


def test_simple_json_and_an_incident_rule_fires_on_arrival(world):
    main = User("demo:main:pohjola", "Pää", Role.MAIN_USER, org_id=ORG)
    add_rule(main, ORG, "incident", None, None, path=world["state"])
    now = dt.datetime.now(HELSINKI).replace(tzinfo=None, microsecond=0)
    body = {"events": [{"event_id": "huolto-42", "service_id": world["service"], "status": "huolto",
                        "starts_at": (now + dt.timedelta(hours=2)).isoformat(),
                        "ends_at": (now + dt.timedelta(hours=3)).isoformat(), "title": "Palomuurin päivitys"}]}
    code, answer = _post(world["url"] + "/v1/events", body, world["token"])
    assert code == 200 and answer["stored"] == 1 and answer["alerts_fired"] >= 1
    texts = alerts_for(main, ORG, "fi", path=world["state"]).alert_text.tolist()
    assert any("huolto tulossa – Palomuurin päivitys" in x for x in texts), texts


def test_the_command_serves_and_the_status_page_shows_the_event(world, tmp_path, monkeypatch):
    """`events-server` as its own process; the status page (AppTest) shows the event after it
    arrives, without an import (the page's cache key carries the live events' version)."""
    from tests.e2e.conftest import free_port
    from tests.helpers import MAIN_USER, app_as, open_page

    port = free_port()
    env = {"REPORTING_DB": str(world["db"]), "REPORTING_STATE_DB": str(world["state"])}
    proc = subprocess.Popen([sys.executable, "-m", "reporting", "events-server", "--port", str(port)],
                            cwd=ROOT, env={**__import__("os").environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        monkeypatch.setenv("REPORTING_DB", env["REPORTING_DB"])
        monkeypatch.setenv("REPORTING_STATE_DB", env["REPORTING_STATE_DB"])
        at = open_page(app_as(MAIN_USER), "status")
        assert not at.exception
        title = "Reititin ei vastaa (testi)"
        msg = _message("firing.json", world["service"], dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2))
        msg["alerts"][0]["annotations"]["summary"] = title
        code, _ = _post(f"http://127.0.0.1:{port}/v1/events/alertmanager", msg, world["token"])
        assert code == 200
        at = open_page(at, "status")
        assert not at.exception
        shown = " ".join([*(h.proto.body for h in at.get("html")), *(m.value for m in at.markdown),
                          *(str(df.value.to_dict()) for df in at.dataframe)])
        assert title in shown
    finally:
        proc.terminate()
        proc.wait(10)
