"""Display helpers for the service pages: status words with colour (CSS badges, never
emoji), the overall header, the component list with its 90-day bars, the incident timeline,
the scope message. Presentation only; the figures come from reporting.services.reports.

It lives beside the reports it displays; it registers no report, and imports Streamlit and
Plotly only when a page calls it, so the CLI does not pay for them.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from reporting.access.scope import Role
from reporting.i18n import code_label, fmt_date, fmt_number, fmt_percent, t
from reporting.ui.charts import STATUS_COLOURS

if TYPE_CHECKING:
    from reporting.ui.context import PageContext

# colour per status (worst last); the circle carries the colour, the word the meaning
STATUS_COLOUR = STATUS_COLOURS       # the one status colour mapping (reporting/ui/charts.py)
# text on the colour: dark on yellow, white on the others (readable contrast)
STATUS_TEXT_COLOUR = {"degraded": "#1f1f1f"}
NO_DATA_COLOUR = "#d9d9d9"
# Streamlit Markdown badge colours: colour and word together, whatever fonts the browser has
STATUS_BADGE = {
    "operational": "green", "maintenance": "blue", "degraded": "yellow",
    "partial_outage": "orange", "major_outage": "red",
}


def status_badge(status: str, lang: str) -> str:
    """Markdown for a coloured badge with the status in words."""
    return f":{STATUS_BADGE.get(status, 'gray')}-badge[{t('status.' + status, lang)}]"


def ticket_status_label(status: str, lang: str) -> str:
    return code_label("ticket_status", status, lang)


def status_label(status: str | None, lang: str) -> str:
    """The status in words (the colour is the badge's, never an emoji: a browser without an
    emoji font shows those as empty boxes)."""
    if not status or status != status:
        return "–"
    return t("status." + status, lang)


def _esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def badge_html(status: str, lang: str) -> str:
    """A coloured badge (HTML, CSS colours) with the status in words, escaped."""
    bg = STATUS_COLOUR.get(status, NO_DATA_COLOUR)
    fg = STATUS_TEXT_COLOUR.get(status, "#ffffff" if status in STATUS_COLOUR else "#1f1f1f")
    return (f'<span class="fokus-badge" style="background:{bg};color:{fg};border-radius:0.75rem;'
            f'padding:0.1rem 0.6rem;font-size:0.8rem;font-weight:600;white-space:nowrap">'
            f"{_esc(status_label(status, lang))}</span>")


def duration_text(minutes, lang: str) -> str:
    """95 min / 2 h 5 min."""
    if minutes is None or pd.isna(minutes):
        return "–"
    m = int(minutes)
    if m < 60:
        return t("services.timeline.minutes", lang, n=fmt_number(m, lang))
    return t("services.timeline.hours", lang, h=fmt_number(m // 60, lang), m=m % 60)


def overall_header_html(worst: str, affected: int, total: int, lang: str) -> str:
    """One coloured header with the overall state: green when every service works, else the
    worst status's colour with how many services are affected."""
    if worst == "operational":
        text = t("services.header.ok", lang)
    elif worst == "maintenance":
        text = t("services.header.maintenance", lang, count=fmt_number(affected, lang),
                 total=fmt_number(total, lang))
    else:
        text = t("services.header.problem", lang, status=status_label(worst, lang),
                 count=fmt_number(affected, lang), total=fmt_number(total, lang))
    bg = STATUS_COLOUR.get(worst, NO_DATA_COLOUR)
    fg = STATUS_TEXT_COLOUR.get(worst, "#ffffff")
    return (f'<div class="fokus-overall" data-status="{_esc(worst)}" style="background:{bg};'
            f'color:{fg};border-radius:0.5rem;padding:0.9rem 1.2rem;font-size:1.25rem;'
            f'font-weight:600;margin-bottom:0.5rem">{_esc(text)}</div>')


def _day_cells(days: pd.DataFrame, lang: str) -> str:
    cells = []
    for d in days.itertuples(index=False):
        status = d.worst_status if isinstance(d.worst_status, str) else None
        colour = STATUS_COLOUR.get(status, NO_DATA_COLOUR) if status else NO_DATA_COLOUR
        word = status_label(status, lang) if status else t("services.components.no_data", lang)
        if status and d.down_minutes:
            tip = t("services.components.day_down", lang, day=fmt_date(d.day, lang), status=word,
                    down=fmt_number(d.down_minutes, lang))
        else:
            tip = t("services.components.day", lang, day=fmt_date(d.day, lang), status=word)
        cells.append(f'<span title="{_esc(tip)}" style="flex:1;min-width:2px;background:{colour};'
                     f'border-radius:1px"></span>')
    return "".join(cells)


def components_html(services: pd.DataFrame, daily: pd.DataFrame, lang: str) -> str:
    """A compact component list of one category: per service its name, coloured status badge,
    the 90-day bar (one cell per day, the date and status on hover) and the 90-day uptime %."""
    rows = []
    for svc in services.itertuples(index=False):
        days = daily[daily.service_id == svc.service_id].sort_values("day")
        pct = (t("services.components.uptime_none", lang) if pd.isna(svc.availability_90d_pct) else
               t("services.components.uptime", lang,
                 pct=fmt_percent(float(svc.availability_90d_pct) / 100, lang, 2)))
        rows.append(
            '<div class="fokus-component" style="padding:0.45rem 0;border-bottom:1px solid #e6e6e6">'
            '<div style="display:flex;justify-content:space-between;align-items:center;gap:1rem">'
            f'<span style="font-weight:600">{_esc(svc.service_name)}</span>'
            f"{badge_html(svc.status, lang)}</div>"
            '<div style="display:flex;align-items:center;gap:0.75rem;margin-top:0.3rem">'
            f'<div style="display:flex;gap:1px;height:22px;flex:1">{_day_cells(days, lang)}</div>'
            f'<span style="font-size:0.85rem;white-space:nowrap;min-width:11rem;text-align:right">'
            f"{_esc(pct)}</span></div></div>")
    return "".join(rows)


def bar_axis_html(lang: str, daily: pd.DataFrame | None = None) -> str:
    """The bars' time axis (the first and the last day of the bars, as dates: the data's last
    day is not always today) and the colour legend in words."""
    days = daily["day"].dropna() if daily is not None and "day" in daily else pd.Series([])
    if len(days):
        start, end = fmt_date(days.min(), lang), fmt_date(days.max(), lang)
    else:
        start, end = t("services.components.days_ago", lang), t("services.components.today", lang)
    legend = " ".join(badge_html(s, lang) for s in STATUS_COLOUR)
    return ('<div class="fokus-axis" style="display:flex;justify-content:space-between;'
            'font-size:0.75rem;color:#6b6b6b;margin-right:11.75rem">'
            f'<span>{_esc(start)}</span><span>{_esc(end)}</span></div>'
            f'<div class="fokus-legend" style="margin-top:0.4rem;display:flex;gap:0.4rem;flex-wrap:wrap">'
            f"{legend}</div>")


def _window_text(starts, ends, lang: str) -> str:
    """13.12.2026 klo 22.00–23.00 (the end's time only when on the same day)."""
    from reporting.i18n import fmt_datetime, fmt_time

    start = fmt_datetime(starts, lang)
    if pd.isna(ends):
        return start
    if pd.Timestamp(ends).date() == pd.Timestamp(starts).date():
        return f"{start}–{fmt_time(ends, lang)[:-3]}"
    return f"{start} – {fmt_datetime(ends, lang)}"


def _event_card(e, lang: str) -> str:
    from reporting.i18n import fmt_datetime

    updates = [(t("services.timeline.started", lang), fmt_datetime(e.starts_at, lang))]
    if e.phase == "ongoing":
        text = (t("services.timeline.ongoing", lang, minutes=duration_text(e.minutes, lang))
                if pd.isna(e.ends_at) else
                t("services.timeline.ongoing_until", lang, when=fmt_datetime(e.ends_at, lang)))
        updates.append((text, ""))
    else:
        updates.append((t("services.timeline.ended", lang),
                        fmt_datetime(e.ends_at, lang) + " · "
                        + t("services.timeline.duration", lang, minutes=duration_text(e.minutes, lang))))
    colour = STATUS_COLOUR.get(e.status, NO_DATA_COLOUR)
    lines = "".join(f'<div style="font-size:0.85rem"><b>{_esc(a)}</b> {_esc(b)}</div>'
                    for a, b in updates)
    return (f'<div class="fokus-event" style="border-left:4px solid {colour};padding:0.3rem 0.8rem;'
            'margin:0.5rem 0">'
            f'<div style="display:flex;gap:0.6rem;align-items:center;flex-wrap:wrap">'
            f"{badge_html(e.status, lang)}<b>{_esc(e.service_name)}</b></div>"
            f'<div style="margin:0.2rem 0">{_esc(e.event_title)}</div>{lines}</div>')


def _section(title: str) -> str:
    return (f'<div class="fokus-section" style="font-size:0.8rem;font-weight:600;color:#6b6b6b;'
            f'text-transform:uppercase;letter-spacing:0.04em;margin:0.9rem 0 0.2rem">{_esc(title)}</div>')


def timeline_html(events: pd.DataFrame, lang: str) -> str:
    """The incident timeline: what is going on now and what ended lately, each event with its
    badge, service, title and updates (started, still going on / ended, how long), and the
    scheduled maintenance as one compact line each (when, service, title); Finnish dates and
    times in Finnish."""
    parts = []
    ongoing = events[events.phase == "ongoing"]
    upcoming = events[events.phase == "upcoming"]
    resolved = events[~events.phase.isin(["ongoing", "upcoming"])]
    if len(ongoing):
        parts.append(_section(t("services.timeline.now", lang)))
        parts += [_event_card(e, lang) for e in ongoing.itertuples(index=False)]
    if len(upcoming):
        parts.append(_section(t("services.timeline.upcoming", lang)))
        for e in upcoming.itertuples(index=False):
            colour = STATUS_COLOUR.get(e.status, NO_DATA_COLOUR)
            parts.append(
                f'<div class="fokus-upcoming" style="border-left:4px solid {colour};'
                'padding:0.15rem 0.8rem;margin:0.3rem 0;font-size:0.85rem">'
                f"<b>{_esc(_window_text(e.starts_at, e.ends_at, lang))}</b> · "
                f"{_esc(e.service_name)} · {_esc(e.event_title)}</div>")
    if len(resolved):
        parts.append(_section(t("services.timeline.past", lang)))
        parts += [_event_card(e, lang) for e in resolved.itertuples(index=False)]
    return "".join(parts)


def stored_time(text: str | None, lang: str) -> str:
    """A state-store timestamp (SQLite CURRENT_TIMESTAMP: UTC text) in Finnish local time."""
    import datetime as dt

    from reporting.i18n import fmt_datetime

    if not text:
        return "–"
    try:
        when = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except ValueError:
        return text
    return fmt_datetime(when, lang)


def sla_flag(meets, lang: str) -> str:
    """'met' / 'below target' / '–' for a meets-SLA value (True, False or missing), in words."""
    if meets is None or pd.isna(meets):
        return t("services.sla.unknown", lang)
    return t("services.sla.met" if bool(meets) else "services.sla.missed", lang)


def category_label(category: str, lang: str) -> str:
    return code_label("service_category", category, lang)


def require_services_scope(ctx: PageContext) -> None:
    """Stop the page with a clear message when the scope cannot see services."""
    import streamlit as st

    if ctx.scope.is_empty:
        st.info(ctx.t("common.choose_org") if ctx.user.role is Role.OPERATOR
                else ctx.t("common.no_data_in_scope"))
        st.stop()
    if not ctx.scope.whole_organisation:
        st.info(ctx.t("services.scope_restricted"))
        st.stop()


def availability_rule(ctx: PageContext) -> None:
    import streamlit as st

    with st.expander(ctx.t("services.rule.title"), icon=":material/info:"):
        st.markdown(ctx.t("services.rule.body"))


def show_translated(shown: pd.DataFrame, raw: pd.DataFrame, *, lang: str, key: str, report: str,
                    export_parts=(), hide=(), **kwargs):
    """Show ``shown`` (codes translated into words, missing values as dashes, for the eye)
    but download ``raw``: the downloads hold the report's canonical values, exactly like the
    CLI export."""
    from reporting.ui.readable import show_readable

    return show_readable(shown, raw, lang=lang, key=key, report=report,
                         export_parts=export_parts, hide=hide, **kwargs)
