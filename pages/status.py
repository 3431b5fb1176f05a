"""Aisti status overview: every service by category, current status, incidents, uptime."""

import datetime as dt

import streamlit as st

from reporting.i18n import fmt_datetime, fmt_number, fmt_time
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.navigation import page
from reporting.ui.status_view import (
    availability_rule,
    category_label,
    require_services_scope,
    show_translated,
    sla_flag,
    status_badge,
    status_label,
    uptime_chart,
)
from reporting.ui.tables import download_buttons, show_table
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("status")
lang = ctx.lang
st.title(ctx.t("page.status.title"))
require_services_scope(ctx)

categories = list(load_report("status-categories", ctx.scope).service_category)
if not categories:
    st.info(ctx.t("services.no_services"))
    st.stop()

f1, f2 = st.columns([3, 1])
chosen = f1.multiselect(ctx.t("services.filter.category"), categories, key="category",
                        format_func=lambda c: category_label(c, lang), bind="query-params",
                        placeholder=ctx.t("services.filter.all_categories"))
problems_only = f2.toggle(ctx.t("services.filter.problems"), key="problems", bind="query-params")
availability_rule(ctx)

PCT = {"availability_month_pct": "num3", "availability_30d_pct": "num3", "availability_90d_pct": "num3"}


def _open_service(event, table) -> None:
    rows = event.selection.rows if event is not None else []
    if rows:
        sid = table.iloc[rows[0]].service_id
        st.switch_page(page("service").path, query_params={"service": sid})


@st.fragment(run_every=60)
def live(chosen: tuple[str, ...], problems_only: bool) -> None:
    kpis = load_report("status-kpis", ctx.scope)
    overview = load_report("status-overview", ctx.scope, categories=chosen or None,
                           problems_only=problems_only)
    k = kpis.iloc[0]
    st.caption(ctx.t("services.updated", data=fmt_datetime(k.data_now, lang),
                     checked=fmt_time(dt.datetime.now(dt.UTC), lang)))

    worst = k.worst_status
    # an outage is the service's state, not an error of this page: a warning carries it
    banner = {"operational": st.success, "maintenance": st.info}.get(worst, st.warning)
    banner(ctx.t("services.summary." + ("ok" if worst == "operational" else "problem"),
                 status=status_label(worst, lang), count=k.services_not_operational))

    kpi_row([
        Kpi(ctx.t("services.kpi.meeting_sla"),
            ctx.t("services.kpi.of", part=fmt_number(k.services_meeting_sla, lang),
                  whole=fmt_number(k.services_with_target, lang)),
            help=ctx.t("services.kpi.meeting_sla_help")),
        Kpi(ctx.t("services.kpi.ongoing"), fmt_number(k.ongoing_incidents, lang)),
        Kpi(ctx.t("services.kpi.open_tickets"), fmt_number(k.open_tickets, lang)),
        Kpi(ctx.t("services.kpi.breaching"), fmt_number(k.breaching_tickets, lang),
            help=ctx.t("services.kpi.breaching_help")),
    ])

    incidents = load_report("status-incidents", ctx.scope, categories=chosen or None)
    st.subheader(ctx.t("services.incidents.title"))
    if incidents.empty:
        st.caption(ctx.t("services.incidents.none"))
    else:
        shown = incidents.assign(
            phase=incidents.phase.map(lambda p: ctx.t("services.phase." + p)),
            status=incidents.status.map(lambda s: status_label(s, lang)),
            service_category=incidents.service_category.map(lambda c: category_label(c, lang)))
        show_translated(shown, incidents, lang=lang, key="status_incidents", report="status-incidents",
                   hide=("event_id",), formats={"minutes": "num0"})

    st.subheader(ctx.t("services.list.title"))
    table = overview
    if table.empty:
        st.caption(ctx.t("services.list.none"))
    st.caption(ctx.t("services.list.hint"))
    for category in [c for c in categories if c in set(table.service_category)]:
        part = table[table.service_category == category].reset_index(drop=True)
        st.markdown(f"**{plain(category_label(category, lang))}**")
        st.markdown(" &nbsp; ".join(f"{status_badge(r.status, lang)} {plain(r.service_name)}"
                                    for r in part.itertuples()))
        shown = part.assign(
            status=part.status.map(lambda s: status_label(s, lang)),
            status_title=part.status_title.fillna(""),
            meets_sla_month=part.meets_sla_month.map(lambda v: sla_flag(v, lang)))
        event = show_table(
            shown, lang=lang, key=f"status_services_{category}", report="status-overview",
            hide=("service_category", "service_id", "status_since", "down_minutes_month"),
            formats={**PCT, "sla_availability_pct": "num2", "open_tickets": "num0",
                     "breaching_tickets": "num0"},
            selection_mode="single-row", downloads=False)
        _open_service(event, part)
    download_buttons(overview, lang=lang, key="status_overview_all", report="status-overview")

    st.subheader(ctx.t("services.uptime.title"))
    st.caption(ctx.t("services.uptime.caption"))
    daily = load_report("status-uptime", ctx.scope, categories=chosen or None, problems_only=problems_only)
    uptime_chart(daily, lang, key="status_uptime")


live(tuple(chosen), bool(problems_only))
