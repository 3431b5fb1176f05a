"""Display helpers for the service pages: status words with colour, the uptime chart, the
scope message. Presentation only; the figures come from reporting.services.reports.

It lives beside the reports it displays; it registers no report, and imports Streamlit and
Plotly only when a page calls it, so the CLI does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from reporting.access.scope import Role
from reporting.i18n import code_label, fmt_date, fmt_number, t
from reporting.services.availability import SEVERITY
from reporting.ui.charts import STATUS_COLOURS

if TYPE_CHECKING:
    from reporting.ui.context import PageContext

# colour per status (worst last); the circle carries the colour, the word the meaning
STATUS_COLOUR = STATUS_COLOURS       # the one status colour mapping (reporting/ui/charts.py)
STATUS_ICON = {
    "operational": "🟢", "maintenance": "🔵", "degraded": "🟡",
    "partial_outage": "🟠", "major_outage": "🔴",
}
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
    if not status or status != status:
        return "–"
    return f"{STATUS_ICON.get(status, '⚪')} {t('status.' + status, lang)}"


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
    """'✅ met' / '⚠️ below target' / '–' for a meets-SLA value (True, False or missing)."""
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


def uptime_chart(daily: pd.DataFrame, lang: str, *, key: str, height: int | None = None) -> None:
    """A 90-day bar per service: a cell per day coloured by the day's worst status; hovering
    shows the date, the status and the minutes down."""
    import plotly.graph_objects as go
    import streamlit as st

    if daily.empty:
        return
    names = list(dict.fromkeys(daily.service_name))
    days = sorted(daily.day.unique())
    rank = {s: i for i, s in enumerate(SEVERITY)}
    pivot = daily.pivot_table(index="service_name", columns="day", values="worst_status",
                              aggfunc="first").reindex(index=names, columns=days)
    down = daily.pivot_table(index="service_name", columns="day", values="down_minutes",
                             aggfunc="first").reindex(index=names, columns=days)
    maint = daily.pivot_table(index="service_name", columns="day", values="maintenance_minutes",
                              aggfunc="first").reindex(index=names, columns=days)
    z = pivot.map(lambda s: rank.get(s) if isinstance(s, str) else None).astype(float)
    text = [[t("services.uptime.hover", lang,
               day=fmt_date(d, lang), status=status_label(pivot.iat[i, j], lang),
               down=fmt_number(down.iat[i, j], lang), maint=fmt_number(maint.iat[i, j], lang))
             for j, d in enumerate(days)] for i in range(len(names))]
    n = len(SEVERITY)
    scale = []
    for i, s in enumerate(SEVERITY):
        scale += [[i / n, STATUS_COLOUR[s]], [(i + 1) / n, STATUS_COLOUR[s]]]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=[pd.Timestamp(d) for d in days], y=names, zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, showscale=False, xgap=1, ygap=3, text=text,
        hovertemplate="%{text}<extra></extra>", hoverongaps=False))
    fig.update_layout(height=height or max(140, 34 * len(names) + 60),
                      margin={"l": 10, "r": 10, "t": 10, "b": 30},
                      plot_bgcolor=NO_DATA_COLOUR, yaxis={"autorange": "reversed"})
    st.plotly_chart(fig, width="stretch", key=key, config={"displayModeBar": False})
    st.markdown(" ".join(status_badge(s, lang) for s in SEVERITY))


def show_translated(shown: pd.DataFrame, raw: pd.DataFrame, *, lang: str, key: str, report: str,
                    export_parts=(), hide=(), **kwargs):
    """Show ``shown`` (codes translated into words for the eye) but download ``raw``: the
    downloads hold the report's canonical values, exactly like the CLI export."""
    from reporting.ui.tables import download_buttons, show_table

    event = show_table(shown, lang=lang, key=key, report=report, hide=hide, downloads=False,
                       **kwargs)
    download_buttons(raw.drop(columns=[c for c in hide if c in raw.columns]), lang=lang, key=key,
                     report=report, parts=export_parts)
    return event
