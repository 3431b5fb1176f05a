"""Aisti status overview: one overall state, the services by category with their 90-day bar
and uptime, and the incident timeline."""

import datetime as dt

import streamlit as st

from reporting.i18n import fmt_datetime, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.navigation import page
from reporting.ui.status_view import (
    availability_rule,
    bar_axis_html,
    category_label,
    components_html,
    overall_header_html,
    require_services_scope,
    show_translated,
    sla_flag,
    status_label,
    timeline_html,
)
from reporting.ui.tables import download_buttons
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


TIMELINE_DAYS = 14


@st.fragment(run_every=60)
def live(chosen: tuple[str, ...], problems_only: bool) -> None:
    kpis = load_report("status-kpis", ctx.scope)
    overview = load_report("status-overview", ctx.scope, categories=chosen or None,
                           problems_only=problems_only)
    k = kpis.iloc[0]
    st.html(overall_header_html(k.worst_status, int(k.services_not_operational),
                                int(k.services), lang))
    st.caption(ctx.t("services.updated", data=fmt_datetime(k.data_now, lang),
                     checked=fmt_datetime(dt.datetime.now(dt.UTC), lang)))

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

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(ctx.t("services.list.title"))
        if overview.empty:
            st.caption(ctx.t("services.list.none"))
        daily = load_report("status-uptime", ctx.scope, categories=chosen or None,
                            problems_only=problems_only)
        for category in [c for c in categories if c in set(overview.service_category)]:
            part = overview[overview.service_category == category].sort_values(
                "service_name", kind="stable")
            st.markdown(f"**{plain(category_label(category, lang))}**")
            st.html(components_html(part, daily[daily.service_category == category], lang))
        if not overview.empty:
            st.html(bar_axis_html(lang, daily))
            st.caption(ctx.t("services.uptime.caption"))

    with right:
        st.subheader(ctx.t("services.timeline.title"))
        st.caption(ctx.t("services.timeline.caption", days=TIMELINE_DAYS))
        timeline = load_report("status-timeline", ctx.scope, days=TIMELINE_DAYS,
                               categories=chosen or None)
        if timeline.empty:
            st.caption(ctx.t("services.timeline.none", days=TIMELINE_DAYS))
        else:
            st.html(timeline_html(timeline, lang))
            download_buttons(timeline.drop(columns=["event_id"]), lang=lang, key="status_timeline",
                             report="status-timeline")

    with st.expander(ctx.t("services.components.table"), icon=":material/table:"):
        st.caption(ctx.t("services.list.hint"))
        shown = overview.assign(
            status=overview.status.map(lambda s: status_label(s, lang)),
            service_category=overview.service_category.map(lambda c: category_label(c, lang)),
            status_title=overview.status_title.fillna("–"),
            meets_sla_month=overview.meets_sla_month.map(lambda v: sla_flag(v, lang)))
        event = show_translated(
            shown, overview, lang=lang, key="status_services", report="status-overview",
            hide=("service_id", "status_since", "down_minutes_month"),
            formats={**PCT, "sla_availability_pct": "num2", "open_tickets": "num0",
                     "breaching_tickets": "num0"},
            selection_mode="single-row")
        _open_service(event, overview)


live(tuple(chosen), bool(problems_only))
