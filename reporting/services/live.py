"""Service events that arrive as they happen (issue 18): the events server's webhook stores
them here, in the state store, and the status reports read them beside the imported
``service_events`` (``reporting.services.reports._events``).

Two payloads are accepted (docs/data-contract.md, "Live service events"):

* Prometheus **Alertmanager**'s webhook message (version 4): each alert is an event of the
  service its ``service_id`` (or ``service``) label names; ``status`` ``firing`` is going on,
  ``resolved`` ended at ``endsAt``; a ``status`` label with a status word wins, else
  ``severity`` ``critical`` / ``page`` is a major outage, ``warning`` partial, anything else
  degraded, and ``maintenance`` true (or ``alertname`` containing "maintenance") is
  maintenance; the title is the ``summary`` annotation, else ``alertname``; the event id
  ``am-<fingerprint>``.
* a **simple JSON** message: ``{"events": [{"service_id", "event_id", "status", "starts_at",
  "ends_at"?, "title"}]}`` with the import's status words.

A message is taken whole or not at all: one event naming an unknown service, a bad time or
status refuses the message with the index and field. Times with a zone are turned into
local Finnish time (Europe/Helsinki) like every stored time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from reporting.core import config, state
from reporting.ingest.contract import SERVICE_STATUSES

HELSINKI = ZoneInfo("Europe/Helsinki")
ZERO_TIME = "0001-01-01T00:00:00Z"        # Alertmanager's endsAt of an alert still firing
MAX_EVENTS = 1000


class EventError(ValueError):
    """A message refused: ``where`` (e.g. ``alerts[2].labels.service``) and why."""

    def __init__(self, where: str, why: str) -> None:
        self.where, self.why = where, why
        super().__init__(f"{where}: {why}" if where else why)


@dataclass(frozen=True)
class Source:
    source_id: str
    org_id: str
    name: str


@dataclass(frozen=True)
class LiveEvent:
    event_id: str
    service_id: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    title: str


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_source(org_id: str, name: str, path: Path | None = None) -> tuple[str, str]:
    """A new source for ``org_id``: (source id, token). The token is shown once; only its
    SHA-256 is stored."""
    source_id, token = f"src-{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    with state.transaction(path) as con:
        con.execute(state.sql("live/source_insert"),
                    {"source_id": source_id, "org_id": org_id, "name": name, "token_sha256": _sha(token)})
    return source_id, token


def authenticate(token: str | None, path: Path | None = None) -> Source | None:
    if not token:
        return None
    with state.connect(path) as con:
        row = con.execute(state.sql("live/source_by_token"), {"token_sha256": _sha(token)}).fetchone()
    return None if row is None else Source(row["source_id"], row["org_id"], row["name"])


def sources(org_id: str | None = None, path: Path | None = None) -> pd.DataFrame:
    with state.connect(path) as con:
        rows = con.execute(state.sql("live/sources_of_org"), {"org_id": org_id}).fetchall()
    return pd.DataFrame([dict(r) for r in rows], columns=["source_id", "org_id", "name", "created_at", "active"])


def _time(value: object, where: str, *, optional: bool = False) -> dt.datetime | None:
    if value in (None, "") or value == ZERO_TIME:
        if optional:
            return None
        raise EventError(where, "a time is required")
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise EventError(where, f"not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(HELSINKI).replace(tzinfo=None)
    if moment.year < 2000:               # Alertmanager's zero time in another spelling
        if optional:
            return None
        raise EventError(where, "a time is required")
    return moment.replace(microsecond=0)


def _status(word: object, where: str) -> str:
    status = SERVICE_STATUSES.get(str(word or "").strip().casefold())
    if status is None:
        raise EventError(where, f"unknown status {word!r}; expected one of {', '.join(sorted(set(SERVICE_STATUSES.values())))}")
    return status


def _service(labels: Mapping, where: str, known: set[str]) -> str:
    sid = labels.get("service_id") or labels.get("service")
    if not sid:
        raise EventError(where, "no service_id or service label")
    if str(sid) not in known:
        raise EventError(where, f"unknown service {sid!r} for this organisation")
    return str(sid)


def _text(value: object, limit: int = 300) -> str:
    return " ".join(str(value or "").split())[:limit]


def parse_alertmanager(message: Mapping, known_services: Iterable[str]) -> list[LiveEvent]:
    """Alertmanager's webhook message (version 4) as events."""
    known = {str(s) for s in known_services}
    alerts = message.get("alerts") if isinstance(message, Mapping) else None
    if not isinstance(alerts, list):
        raise EventError("alerts", "missing: not an Alertmanager webhook message")
    if len(alerts) > MAX_EVENTS:
        raise EventError("alerts", f"more than {MAX_EVENTS} alerts in one message")
    out = []
    for i, alert in enumerate(alerts):
        at = f"alerts[{i}]"
        if not isinstance(alert, Mapping):
            raise EventError(at, "not an object")
        labels = alert.get("labels") or {}
        notes = alert.get("annotations") or {}
        service = _service(labels, f"{at}.labels.service", known)
        if str(labels.get("status", "")).casefold() in SERVICE_STATUSES:
            status = _status(labels["status"], f"{at}.labels.status")
        elif str(labels.get("maintenance", "")).casefold() in ("true", "1", "yes") or \
                "maintenance" in str(labels.get("alertname", "")).casefold():
            status = "maintenance"
        else:
            severity = str(labels.get("severity", "")).casefold()
            status = ("major_outage" if severity in ("critical", "page") else
                      "partial_outage" if severity in ("warning", "error") else "degraded")
        starts = _time(alert.get("startsAt"), f"{at}.startsAt")
        ends = _time(alert.get("endsAt"), f"{at}.endsAt", optional=True)
        if str(alert.get("status", "firing")).casefold() != "resolved":
            ends = None                  # a firing alert's endsAt is only when it would expire
        elif ends is None:
            raise EventError(f"{at}.endsAt", "a resolved alert needs its end time")
        fingerprint = alert.get("fingerprint") or hashlib.sha256(
            repr(sorted(labels.items())).encode()).hexdigest()[:16]
        title = _text(notes.get("summary") or notes.get("description") or labels.get("alertname") or service)
        out.append(LiveEvent(f"am-{_text(fingerprint, 64)}", service, status, starts, ends, title))
    return out


def parse_simple(message: Mapping, known_services: Iterable[str]) -> list[LiveEvent]:
    """The simple JSON message as events."""
    known = {str(s) for s in known_services}
    events = message.get("events") if isinstance(message, Mapping) else None
    if not isinstance(events, list):
        raise EventError("events", "missing: expected {\"events\": [...]}")
    if len(events) > MAX_EVENTS:
        raise EventError("events", f"more than {MAX_EVENTS} events in one message")
    out = []
    for i, e in enumerate(events):
        at = f"events[{i}]"
        if not isinstance(e, Mapping):
            raise EventError(at, "not an object")
        if not e.get("event_id"):
            raise EventError(f"{at}.event_id", "required")
        service = _service({"service_id": e.get("service_id")}, f"{at}.service_id", known)
        starts = _time(e.get("starts_at"), f"{at}.starts_at")
        ends = _time(e.get("ends_at"), f"{at}.ends_at", optional=True)
        if ends is not None and ends < starts:
            raise EventError(f"{at}.ends_at", "before starts_at")
        title = _text(e.get("title"))
        if not title:
            raise EventError(f"{at}.title", "required")
        out.append(LiveEvent(_text(e["event_id"], 64), service, _status(e.get("status"), f"{at}.status"),
                             starts, ends, title))
    return out


def store(source: Source, events: list[LiveEvent], path: Path | None = None) -> int:
    """Store the events of one message together (a repeat of an id updates it)."""
    received = dt.datetime.now(HELSINKI).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    with state.transaction(path) as con:
        for e in events:
            con.execute(state.sql("live/event_upsert"), {
                "org_id": source.org_id, "event_id": e.event_id, "source_id": source.source_id,
                "service_id": e.service_id, "status": e.status, "starts_at": e.starts_at.isoformat(sep=" "),
                "ends_at": None if e.ends_at is None else e.ends_at.isoformat(sep=" "), "title": e.title,
                "received_at": received})
    return len(events)


def events_of(org_id: str | None, path: Path | None = None) -> pd.DataFrame:
    """The organisation's live events (event_id, service_id, status, starts_at, ends_at,
    event_title, received_at), times as timestamps."""
    cols = ["event_id", "service_id", "status", "starts_at", "ends_at", "event_title", "received_at"]
    if not org_id:
        return pd.DataFrame(columns=cols)
    with state.connect(path) as con:
        rows = con.execute(state.sql("live/events_of_org"), {"org_id": org_id}).fetchall()
    df = pd.DataFrame([dict(r) for r in rows], columns=["event_id", "service_id", "status", "starts_at", "ends_at",
                                                        "title", "received_at"]).rename(columns={"title": "event_title"})
    for col in ("starts_at", "ends_at", "received_at"):
        df[col] = pd.to_datetime(df[col])
    return df[cols]


def newest_received(path: Path | None = None) -> dt.datetime | None:
    """When the newest live event of any organisation arrived (local time), None without
    any; cheap (a missing store is not created)."""
    path = Path(path) if path else None
    if path is not None and not path.exists() and not config.state_url():
        return None
    with state.connect(path) as con:
        value = con.execute(state.sql("live/newest_received")).fetchone()[0]
    return dt.datetime.fromisoformat(value) if value else None


def live_version_of(path: Path | None = None) -> str:
    """Changes whenever any live event arrives (data_now moves for everyone with it)."""
    path = Path(path) if path else None
    if path is not None and not path.exists() and not config.state_url():
        return ""
    with state.connect(path) as con:
        return str(con.execute(state.sql("live/version_all")).fetchone()[0])
