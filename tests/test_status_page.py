"""The status page reads like a status page (issue 14, point 6): one coloured overall header,
services by category with a coloured badge and a 90-day bar with its uptime, an incident
timeline with its updates, Finnish dates in Europe/Helsinki, no emoji and no 'None'."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import run_report
from reporting.ui.status_view import STATUS_COLOUR, badge_html, components_html, timeline_html
from tests.helpers import MAIN_USER, app_as, open_page

ORG = "pohjola"
NOW = dt.datetime(2026, 11, 27, 9, 0)     # the small demo's data now (dataset_info 'now')
# emoji and pictographs (including the coloured circles once used as status colour), the
# dingbats and miscellaneous symbols (check marks, warning signs) and the emoji variation mark
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F]")
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.html]          # the header, component list and timeline
    parts += [e.value for e in (*at.info, *at.warning, *at.success, *at.error)]
    parts += [h.value for h in (*at.title, *at.subheader)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        value = frame.value
        parts.append(value.to_csv() if isinstance(value, pd.DataFrame) else str(value))
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def status_fi(app_env):
    at = open_page(app_as(MAIN_USER), "status")
    assert not at.exception
    return at


def _events(raw) -> pd.DataFrame:
    ev = raw("service_events")
    return ev[ev.org_id == ORG]


def test_no_emoji_no_none_and_finnish_dates(status_fi):
    body = page_text(status_fi)
    assert not EMOJI.findall(body), sorted(set(EMOJI.findall(body)))
    assert "None" not in body and "nan" not in body.split() and "NaT" not in body
    assert not ENGLISH_MONTHS.findall(body), ENGLISH_MONTHS.findall(body)[:5]
    # the data's time and the page's refresh both carry their date
    assert "Tilanne 27.11.2026 klo 9.00" in body
    assert re.search(r"sivu päivitetty \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}", body)


def test_one_coloured_overall_header(status_fi, raw):
    ev = _events(raw)
    ongoing = ev[(ev.starts_at <= NOW) & (ev.ends_at.isna() | (ev.ends_at > NOW))]
    affected = ongoing.service_id.nunique()
    total = raw("services").query("org_id == @ORG").service_id.nunique()
    headers = [m.value for m in status_fi.html if 'class="fokus-overall"' in m.value]
    assert len(headers) == 1
    assert set(ongoing.status) == {"partial_outage"}       # the demo's one ongoing event
    assert f"background:{STATUS_COLOUR['partial_outage']}" in headers[0]
    assert f"Osittainen käyttökatko · {affected} / {total} palvelua poikkeavassa tilassa" in headers[0]


def test_services_by_category_with_badge_bar_and_uptime(status_fi, raw, demo_db):
    services = raw("services").query("org_id == @ORG")
    overview = run_report("status-overview", demo_db, Scope.organisation(ORG)).set_index("service_id")
    rows = "".join(m.value for m in status_fi.html if 'class="fokus-component"' in m.value)
    legend = next(m.value for m in status_fi.html if 'class="fokus-legend"' in m.value)
    assert legend.count('class="fokus-badge"') == 5          # every status's colour in words
    assert rows.count('class="fokus-component"') == len(services)
    assert rows.count('class="fokus-badge"') == len(services)     # one badge per service, once
    # 90 day cells per service, titled with Finnish dates from 90 days back to the data's day
    first, last = NOW.date() - dt.timedelta(days=89), NOW.date()
    titles = re.findall(r'title="([^"]*)"', rows)
    assert len(titles) == 90 * len(services)
    assert titles[0].startswith(f"{first.day}.{first.month}.{first.year}: ")
    assert titles[89].startswith(f"{last.day}.{last.month}.{last.year}: ")
    # the axis under the bars names those two days (the data's last day is not "today")
    axis = next(m.value for m in status_fi.html if 'class="fokus-axis"' in m.value)
    assert f"<span>{first.day}.{first.month}.{first.year}</span>" in axis
    assert f"<span>{last.day}.{last.month}.{last.year}</span>" in axis and "Tänään" not in axis
    for svc in services.itertuples():
        pct = overview.at[svc.service_id, "availability_90d_pct"]
        shown = f"{pct:.2f}".replace(".", ",") + "\u00a0% saatavuus 90 pv"
        assert shown in rows, (svc.name, shown)
    # grouped: each category's heading once, in words
    headings = [m.value for m in status_fi.markdown if m.value.startswith("**")]
    assert "**Verkko**" in headings and "**Pilvi**" in headings
    assert len(headings) == services.category.nunique()


def test_timeline_report_against_the_events(demo_db, raw):
    ev = _events(raw)
    since = NOW - dt.timedelta(days=14)
    ongoing = ev[(ev.starts_at <= NOW) & (ev.ends_at.isna() | (ev.ends_at > NOW))]
    upcoming = ev[(ev.starts_at > NOW) & (ev.status == "maintenance")].sort_values("starts_at")
    resolved = ev[ev.ends_at.notna() & (ev.ends_at <= NOW) & (ev.ends_at > since)].sort_values(
        "starts_at", ascending=False)
    got = run_report("status-timeline", demo_db, Scope.organisation(ORG))
    assert list(got.phase) == ["ongoing"] * len(ongoing) + ["upcoming"] * len(upcoming) + \
        ["resolved"] * len(resolved)
    assert list(got.event_id) == [*ongoing.event_id, *upcoming.event_id, *resolved.event_id]
    done = got[got.phase == "resolved"].set_index("event_id")
    for e in resolved.itertuples():
        assert done.at[e.event_id, "minutes"] == round((e.ends_at - e.starts_at).total_seconds() / 60)


def test_timeline_shows_each_event_with_its_updates_in_finnish(status_fi, raw):
    ev = _events(raw)
    html = "".join(m.value for m in status_fi.html if 'class="fokus-event"' in m.value)
    live = ev[(ev.starts_at <= NOW) & ev.ends_at.isna()].iloc[0]
    s = live.starts_at
    assert f"<b>Alkoi</b> {s.day}.{s.month}.{s.year} klo {s.hour}.{s.minute:02d}" in html
    minutes = round((NOW - s).total_seconds() / 60)
    assert f"Jatkuu edelleen · kestänyt {minutes // 60} h {minutes % 60} min" in html
    assert html.count("<b>Päättyi</b>") == len(ev[ev.ends_at.notna() & (ev.ends_at <= NOW)
                                                   & (ev.ends_at > NOW - dt.timedelta(days=14))])
    # scheduled maintenance: one compact line each, in start order, under its own heading
    body = "".join(m.value for m in status_fi.html)
    assert ">Käynnissä<" in body and ">Tulevat huollot<" in body and ">Päättyneet<" in body
    lines = re.findall(r'class="fokus-upcoming"[^>]*><b>([^<]*)</b>', body)
    upcoming = ev[(ev.starts_at > NOW) & (ev.status == "maintenance")].sort_values("starts_at")
    assert len(lines) == len(upcoming) > 0
    for shown, e in zip(lines, upcoming.itertuples(), strict=True):
        a, b = e.starts_at, e.ends_at
        start = f"{a.day}.{a.month}.{a.year} klo {a.hour}.{a.minute:02d}"
        want = (f"{start}–{b.hour}.{b.minute:02d}" if b.date() == a.date() else
                f"{start} – {b.day}.{b.month}.{b.year} klo {b.hour}.{b.minute:02d}")
        assert shown == want, (shown, want)


def test_status_page_in_english_has_english_dates(app_env):
    at = open_page(app_as(MAIN_USER, lang="en"), "status")
    body = page_text(at)
    assert "Status as of 27 Nov 2026 09:00" in body
    assert "Partial outage · 1 of 10 services affected" in body
    assert not EMOJI.findall(body)


def test_markup_in_service_names_and_titles_is_escaped():
    hostile = "<img src=x onerror=alert(1)> **x** [l](http://evil.example)"
    events = pd.DataFrame([{"phase": "resolved", "service_id": "S", "service_name": hostile,
                            "service_category": "network", "status": "major_outage",
                            "starts_at": pd.Timestamp("2026-11-20 10:00"),
                            "ends_at": pd.Timestamp("2026-11-20 11:05"), "minutes": 65,
                            "event_title": hostile, "event_id": "E"}])
    out = timeline_html(events, "fi")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<b>Päättyi</b> 20.11.2026 klo 11.05 · kesto 1 h 5 min" in out
    services = pd.DataFrame([{"service_id": "S", "service_name": hostile, "status": "degraded",
                              "availability_90d_pct": None}])
    daily = pd.DataFrame(columns=["service_id", "day", "worst_status", "down_minutes"])
    out = components_html(services, daily, "fi")
    assert "<img" not in out and "ei mittausta" in out
    assert "Heikentynyt" in badge_html("degraded", "fi")
