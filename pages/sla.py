"""Contractual quality (SLA) per month: availability against target, incidents, support
requests against the response and resolution hours, breaches, open requests by age."""

import streamlit as st

from reporting.i18n import fmt_month, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.status_view import (
    availability_rule,
    category_label,
    require_services_scope,
    show_translated,
    sla_flag,
    ticket_status_label,
)
from reporting.ui.tables import show_table
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("sla")
lang = ctx.lang
st.title(ctx.t("page.sla.title"))
require_services_scope(ctx)

months = load_report("status-months", ctx.scope)
if months.empty:
    st.info(ctx.t("services.no_services"))
    st.stop()
options = [m.date().isoformat()[:7] for m in months.month]
default = options[int(months.is_default.astype(bool).to_numpy().argmax())]
month_key = st.selectbox(ctx.t("services.sla.month"), options, index=options.index(default),
                         key="month", bind="query-params",
                         format_func=lambda m: fmt_month(m + "-01", lang))
chosen = months.iloc[options.index(month_key)]
month = chosen.month.date()
if chosen.partial:
    st.caption(ctx.t("services.sla.partial_month"))
availability_rule(ctx)

# -- availability -------------------------------------------------------------------------------
sla = load_report("status-sla", ctx.scope, month=month)
st.subheader(ctx.t("services.sla.availability_title", month=fmt_month(month, lang)))
tickets = load_report("tickets", ctx.scope, month=month)
k = load_report("sla-kpis", ctx.scope, month=month).iloc[0]   # a row whenever the scope has services
kpi_row([
    Kpi(ctx.t("services.kpi.meeting_sla"),
        ctx.t("services.kpi.of", part=fmt_number(k.services_meeting_sla, lang),
              whole=fmt_number(k.services_measured, lang))),
    Kpi(ctx.t("services.sla.incidents"), fmt_number(k.incidents, lang)),
    Kpi(ctx.t("services.sla.tickets"), fmt_number(k.tickets, lang)),
    Kpi(ctx.t("services.sla.breaches"), fmt_number(k.sla_breaches, lang)),
])
if k.services_below_target:
    st.warning(ctx.t("services.sla.below", names=plain(k.below_target_names)))
shown = sla.assign(meets_sla=sla.meets_sla.map(lambda v: sla_flag(v, lang)),
                   service_category=sla.service_category.map(lambda c: category_label(c, lang)))
show_translated(shown, sla, lang=lang, key="sla_availability", report="status-sla",
           export_parts=(month_key,), hide=("service_id",),
           formats={"sla_availability_pct": "num2", "availability_pct": "num3",
                    "measured_minutes": "num0", "down_minutes": "num0",
                    "maintenance_minutes": "num0", "longest_outage_minutes": "num0"})

# -- support requests ---------------------------------------------------------------------------
st.subheader(ctx.t("services.tickets.by_priority"))
st.caption(ctx.t("services.tickets.rule"))
prio = load_report("tickets-priority", ctx.scope, month=month)
if prio.empty:
    st.caption(ctx.t("services.tickets.none"))
else:
    show_table(prio, lang=lang, key="sla_priority", report="tickets-priority",
               export_parts=(month_key,),
               formats={"avg_response_hours": "num1", "response_target_h": "num0",
                        "response_within_share": "pct", "avg_resolve_hours": "num1",
                        "resolve_target_h": "num0", "resolve_within_share": "pct"})
    st.caption(ctx.t("services.tickets.total", count=fmt_number(k.tickets, lang)))

st.subheader(ctx.t("services.tickets.breaches_title"))
breaches = load_report("tickets", ctx.scope, month=month, breaches_only=True)
if breaches.empty:
    st.caption(ctx.t("services.tickets.no_breaches"))
else:
    show_translated(breaches.assign(status=breaches.status.map(lambda v: ticket_status_label(v, lang))),
                    breaches, lang=lang, key="sla_breaches", report="tickets",
               export_parts=(month_key, "breaches"), hide=("service_id", "age_days"),
               formats={"response_hours": "num1", "resolve_hours": "num1",
                        "response_target_h": "num0", "resolve_target_h": "num0"})

st.subheader(ctx.t("services.tickets.age_title"))
st.caption(ctx.t("services.tickets.age_caption"))
show_table(load_report("tickets-age", ctx.scope), lang=lang, key="sla_age", report="tickets-age")

with st.expander(ctx.t("services.tickets.all", count=fmt_number(k.tickets, lang))):
    show_translated(tickets.assign(status=tickets.status.map(lambda v: ticket_status_label(v, lang))),
                    tickets, lang=lang, key="sla_tickets", report="tickets", export_parts=(month_key,),
               hide=("service_id",),
               formats={"response_hours": "num1", "resolve_hours": "num1",
                        "response_target_h": "num0", "resolve_target_h": "num0"})
