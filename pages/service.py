"""One service: status now, availability, history, SLA months, support requests and its
documentation (Extrawiki) with comments. The service comes from the URL (?service=ID) but is
always one of the services the user's scope sees."""

import streamlit as st

from reporting.access.permissions import may_close_doc_comments, may_comment_docs
from reporting.i18n import fmt_datetime, fmt_number
from reporting.services import documentation as docs_store
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.status_view import (
    availability_rule,
    bar_axis_html,
    category_label,
    components_html,
    require_services_scope,
    show_translated,
    sla_flag,
    status_badge,
    status_label,
    stored_time,
    ticket_status_label,
)
from reporting.ui.text import plain, safe_markdown
from reporting.ui.widgets import Kpi, kpi_row

SLA_MONTHS = 12          # the SLA tab shows the latest twelve months with data
ctx = page_context("service")
lang = ctx.lang
require_services_scope(ctx)

overview = load_report("status-overview", ctx.scope)
if overview.empty:
    st.title(ctx.t("page.service.title"))
    st.info(ctx.t("services.no_services"))
    st.stop()
by_id = overview.set_index("service_id")
ids = sorted(by_id.index, key=lambda s: (by_id.at[s, "service_category"], by_id.at[s, "service_name"]))
asked = st.query_params.get("service")
if asked and asked not in by_id.index:
    st.warning(ctx.t("services.service.not_found"))
    asked = None


def _remember() -> None:
    st.query_params["service"] = st.session_state["service_pick"]


# the URL names the service (?service=ID), but only a service of the scope can be chosen
if asked and st.session_state.get("service_pick") != asked:
    st.session_state["service_pick"] = asked
elif st.session_state.get("service_pick") not in ids:
    st.session_state["service_pick"] = ids[0]
sid = st.selectbox(ctx.t("services.service.pick"), ids, key="service_pick", on_change=_remember,
                   format_func=lambda s: f"{by_id.at[s, 'service_name']} "
                                         f"({category_label(by_id.at[s, 'service_category'], lang)})")
st.query_params["service"] = sid
svc = by_id.loc[sid]
st.title(plain(svc.service_name))
st.caption(" · ".join([plain(category_label(svc.service_category, lang)), plain(sid),
                       ctx.t("services.service.target", target=fmt_number(svc.sla_availability_pct, lang, 2))]))

status_text = status_badge(svc.status, lang)
if svc.status == "operational":
    st.success(status_text)
else:
    since = fmt_datetime(svc.status_since, lang)
    msg = ctx.t("services.service.status_since", status=status_text, since=since,
                title=plain(svc.status_title or ""))
    (st.info if svc.status == "maintenance" else st.warning)(msg)

kpi_row([
    Kpi(ctx.t("col.availability_month_pct"), fmt_number(svc.availability_month_pct, lang, 3)),
    Kpi(ctx.t("col.availability_30d_pct"), fmt_number(svc.availability_30d_pct, lang, 3)),
    Kpi(ctx.t("col.availability_90d_pct"), fmt_number(svc.availability_90d_pct, lang, 3)),
    Kpi(ctx.t("col.open_tickets"), fmt_number(svc.open_tickets, lang)),
])
st.caption(sla_flag(svc.meets_sla_month, lang) + " · " + ctx.t("services.service.month_note"))
availability_rule(ctx)

# a link from the documentation search names the document (?doc=slug): open that tab on it
asked_doc = st.query_params.get("doc")
if asked_doc:
    del st.query_params["doc"]
    st.session_state["doc"] = asked_doc   # checked against the service's documents below
tab_labels = [ctx.t("services.tab.history"), ctx.t("services.tab.sla"),
              ctx.t("services.tab.tickets"), ctx.t("services.tab.docs")]
tab_status, tab_sla, tab_tickets, tab_docs = st.tabs(
    tab_labels, default=tab_labels[3] if asked_doc else None)

with tab_status:
    st.subheader(ctx.t("services.uptime.title"))
    daily = load_report("status-uptime", ctx.scope, service_id=sid)
    st.html(components_html(by_id.loc[[sid]].reset_index(), daily, lang))
    st.html(bar_axis_html(lang, daily))
    st.caption(ctx.t("services.uptime.caption"))
    st.subheader(ctx.t("services.service.events"))
    events = load_report("service-events", ctx.scope, service_id=sid)
    show_translated(events.assign(status=events.status.map(lambda s: status_label(s, lang))),
                    events, lang=lang, key="service_events", report="service-events", export_parts=(sid,),
               formats={"minutes": "num0"})

with tab_sla:
    sla = load_report("status-sla", ctx.scope, last_months=SLA_MONTHS, service_id=sid)
    show_translated(sla.assign(meets_sla=sla.meets_sla.map(lambda v: sla_flag(v, lang))),
                    sla, lang=lang, key="service_sla", report="status-sla", export_parts=(sid,),
               hide=("service_id", "service_name", "service_category"),
               formats={"sla_availability_pct": "num2", "availability_pct": "num3",
                        "measured_minutes": "num0", "down_minutes": "num0",
                        "maintenance_minutes": "num0", "longest_outage_minutes": "num0"})

with tab_tickets:
    open_only = st.toggle(ctx.t("services.tickets.open_only"), key="service_open_only")
    tickets = load_report("tickets", ctx.scope, service_id=sid, all_months=True, open_only=bool(open_only))
    show_translated(tickets.assign(status=tickets.status.map(lambda v: ticket_status_label(v, lang))),
                    tickets, lang=lang, key="service_tickets", report="tickets", export_parts=(sid,),
               hide=("service_id", "service_name"),
               formats={"response_hours": "num1", "resolve_hours": "num1",
                        "response_target_h": "num0", "resolve_target_h": "num0"})

with tab_docs:
    org = ctx.scope.org_id
    docs = docs_store.list_docs(org, {sid})
    titles = {d.slug: d.title for d in docs}
    if not docs:
        st.info(ctx.t("services.docs.none"))
    else:
        slugs = [d.slug for d in docs]
        if st.session_state.get("doc") not in slugs:
            st.session_state["doc"] = slugs[0]
        slug = st.radio(ctx.t("services.docs.pick"), slugs, key="doc", horizontal=True,
                        format_func=lambda s: plain(titles[s]))
        doc = next(d for d in docs if d.slug == slug)
        with st.container(border=True):
            st.markdown(safe_markdown(doc.body))  # raw HTML shows as text; links http(s)/relative only
        st.caption(ctx.t("services.docs.loaded", when=stored_time(doc.loaded_at, lang)))

    if may_comment_docs(ctx.user, org):
        with st.form("doc_comment", clear_on_submit=True):
            st.markdown(f"**{ctx.t('services.docs.comment_title')}**")
            body = st.text_area(ctx.t("services.docs.comment_label"), key="doc_comment_body",
                                max_chars=docs_store.MAX_COMMENT_CHARS)
            if st.form_submit_button(ctx.t("services.docs.comment_send")):
                try:
                    docs_store.add_comment(ctx.user, org, sid, st.session_state.get("doc") if docs else None,
                                           body=body, services=set(by_id.index))
                    st.success(ctx.t("services.docs.comment_saved"))
                except docs_store.DocsError:
                    st.error(ctx.t("services.docs.comment_empty"))
                except docs_store.CommentRefused:
                    st.error(ctx.t("services.docs.comment_refused"))

    open_comments = docs_store.comments(org, {sid})
    st.markdown(f"**{ctx.t('services.docs.open_comments', count=len(open_comments))}**")
    for c in open_comments:
        with st.container(border=True):
            st.caption(plain(f"{c.author_name} · {stored_time(c.created_at, lang)} · {titles.get(c.slug, c.slug or '')}"))
            st.text(c.body)
            if may_close_doc_comments(ctx.user) and st.button(
                    ctx.t("services.docs.close"), key=f"close_comment_{c.id}"):
                docs_store.close_comments(ctx.user, org, [c.id])
                st.rerun()
