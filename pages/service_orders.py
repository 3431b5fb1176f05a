"""Service orders in flight (tilaukset ja toimitukset): key figures, open orders, late ones
against the promised date, delivery time by month against the promise, and every order, with
the filters in the URL. The portal's own orders appear for the operator and the main user
(the reports decide, given the signed-in user)."""

import streamlit as st

from reporting.i18n import code_label, fmt_date, fmt_number, fmt_percent
from reporting.service_orders.reports import ORDER_TYPES, STATES, sees_portal_orders
from reporting.ui.cache import load_report
from reporting.ui.charts import delivery_months
from reporting.ui.context import page_context
from reporting.ui.filters import centre_labels
from reporting.ui.status_view import show_translated
from reporting.ui.widgets import Kpi, kpi_row, kpi_values, lazy_tabs

CODES = {"order_type": "sorder_type", "state": "sorder_state"}

ctx = page_context("service_orders")
lang = ctx.lang
st.title(ctx.t("page.service_orders.title"))
ctx.stop_if_no_scope()


# Screen order of the tables (the downloads keep the report's): what the order is, its state
# and whether it is late come before its details, so the late flag and the days late are among
# the columns in view at 1440 px (a table shows its first columns, the others by choice).
LEADING = ("order_id", "order_type", "for_whom", "state", "promised_by", "late", "days_late",
           "delivered_at", "delivery_days", "days_open")


def leading(df):
    """The report frame in screen order (its codes are made words for the rows shown only:
    ``codes=CODES``; the downloads keep the codes and the report's order)."""
    first = [c for c in LEADING if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


# -- filters (in the URL) --------------------------------------------------------------------
f1, f2, f3 = st.columns(3)
types = f1.multiselect(ctx.t("sorders.filter.types"), ORDER_TYPES, key="type", bind="query-params",
                       format_func=lambda c: code_label("sorder_type", c, lang),
                       placeholder=ctx.t("filters.all"))
states = f2.multiselect(ctx.t("sorders.filter.states"), STATES, key="state", bind="query-params",
                        format_func=lambda c: code_label("sorder_state", c, lang),
                        placeholder=ctx.t("filters.all"))
labels = centre_labels(ctx.scope)
centres = f3.multiselect(ctx.t("sorders.filter.centres"), list(labels), key="cc", bind="query-params",
                         format_func=lambda c: labels.get(c, c).strip(), placeholder=ctx.t("filters.all"))
chosen_types = tuple(sorted(types)) or None
chosen_states = tuple(sorted(states)) or None
chosen_centres = tuple(sorted(centres)) or None
common = {"order_types": chosen_types, "cost_centres": chosen_centres, "viewer": ctx.user}

k = kpi_values(load_report("service-orders-kpis", ctx.scope, **common), as_of=None, open_orders=0,
               late_open=0, delivered_12m=0, on_time_share_12m=None, median_delivery_days_12m=None)
st.caption(ctx.t("sorders.caption", date=fmt_date(k["as_of"], lang)))
if sees_portal_orders(ctx.user, ctx.scope.org_id) and ctx.scope.whole_organisation:
    st.caption(ctx.t("sorders.portal_note"))

# -- key figures -----------------------------------------------------------------------------
kpi_row([
    Kpi(ctx.t("sorders.kpi.open_orders"), fmt_number(k["open_orders"], lang)),
    Kpi(ctx.t("sorders.kpi.late_open"), fmt_number(k["late_open"], lang)),
    Kpi(ctx.t("sorders.kpi.delivered_12m"), fmt_number(k["delivered_12m"], lang)),
    Kpi(ctx.t("sorders.kpi.on_time_share_12m"), fmt_percent(k["on_time_share_12m"], lang)),
    Kpi(ctx.t("sorders.kpi.median_delivery_days_12m"), fmt_number(k["median_delivery_days_12m"], lang, 1),
        help=ctx.t("sorders.kpi.median_delivery_days_12m_help")),
])

DAYS = {"days_open": "num0", "days_late": "num0", "delivery_days": "num1"}
# the open orders always (the first tab, its count in its label); the others only when open
tab_open, tab_late, tab_months, tab_all = lazy_tabs([
    f'{ctx.t("sorders.tab.open")} ({fmt_number(k["open_orders"], lang)})', ctx.t("sorders.tab.late"),
    ctx.t("sorders.tab.months"), ctx.t("sorders.tab.all")], key="sorders_tab")

with tab_open:
    st.subheader(ctx.t("report.service_orders_open"))
    opened = load_report("service-orders-open", ctx.scope, **common)
    if opened.empty:
        st.info(ctx.t("sorders.none_open"))
    else:
        show_translated(leading(opened), opened, codes=CODES, lang=lang, key="sorders_open", report="service-orders-open",
                        formats=DAYS)

with tab_late:
    if tab_late.open:
        st.subheader(ctx.t("report.service_orders_late"))
        late = load_report("service-orders-late", ctx.scope, **common)
        if late.empty:
            st.info(ctx.t("sorders.none_late"))
        else:
            show_translated(leading(late), late, codes=CODES, lang=lang, key="sorders_late", report="service-orders-late",
                            formats=DAYS)

with tab_months:
    if tab_months.open:
        st.subheader(ctx.t("report.service_orders_delivery_by_month"))
        months = load_report("service-orders-delivery-by-month", ctx.scope, **common)
        if months.empty:
            st.info(ctx.t("sorders.empty"))
        else:
            st.plotly_chart(delivery_months(months, lang=lang), width="stretch", key="sorders_months_chart")
            show_translated(months, months, lang=lang, key="sorders_months", report="service-orders-delivery-by-month",
                            formats={"on_time_share": "pct", "median_delivery_days": "num1",
                                     "median_promised_days": "num1"})

with tab_all:
    if tab_all.open:
        st.subheader(ctx.t("report.service_orders"))
        every = load_report("service-orders", ctx.scope, states=chosen_states, **common)
        if every.empty:
            st.info(ctx.t("sorders.empty"))
        else:
            show_translated(leading(every), every, codes=CODES, lang=lang, key="sorders_all", report="service-orders",
                            formats=DAYS)
