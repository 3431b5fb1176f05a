"""The device base (laitekanta): key figures, the inventory with its filters in the URL, one
device with its history and its subscription's costs, counts and lease cost by cost centre,
renewals due, unassigned devices still leased, and people with no device or two of a kind."""

import streamlit as st

from reporting.i18n import code_label, fmt_money, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.charts import monthly_bars
from reporting.ui.context import page_context
from reporting.ui.filters import centre_labels
from reporting.ui.paging import pick_on_select, picker_options
from reporting.ui.status_view import show_translated
from reporting.ui.tables import show_table
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row, kpi_values, lazy_tabs

DEVICE_TYPES = ("phone", "laptop", "tablet", "network", "other")
DEVICE_STATUSES = ("in_use", "in_stock", "in_repair", "retired")
CODES = {"device_type": "device_type", "status": "device_status", "event_type": "device_event",
         "device_finding": "device_finding", "renewal_reason": "device_renewal",
         "recommended_action": "device_action"}

ctx = page_context("devices")
lang = ctx.lang
st.title(ctx.t("page.devices.title"))
ctx.stop_if_no_scope()


# -- filters (in the URL) --------------------------------------------------------------------
f1, f2, f3 = st.columns(3)
types = f1.multiselect(ctx.t("devices.filter.types"), DEVICE_TYPES, key="type", bind="query-params",
                       format_func=lambda c: code_label("device_type", c, lang),
                       placeholder=ctx.t("filters.all"))
statuses = f2.multiselect(ctx.t("devices.filter.statuses"), DEVICE_STATUSES, key="status",
                          bind="query-params", format_func=lambda c: code_label("device_status", c, lang),
                          placeholder=ctx.t("filters.all"))
labels = centre_labels(ctx.scope)
centres = f3.multiselect(ctx.t("devices.filter.centres"), list(labels), key="cc", bind="query-params",
                         format_func=lambda c: labels.get(c, c).strip(), placeholder=ctx.t("filters.all"))
g1, g2, g3 = st.columns(3)
days = int(g1.number_input(ctx.t("devices.filter.days"), min_value=1, max_value=3650, value=90, step=30,
                           key="days", bind="query-params"))
warranty_days = int(g2.number_input(ctx.t("devices.filter.warranty_days"), min_value=0, max_value=3650,
                                    value=0, step=30, key="warranty", bind="query-params"))
refresh = int(g3.number_input(ctx.t("devices.filter.refresh_months"), min_value=1, max_value=120, value=36,
                              step=6, key="refresh", bind="query-params"))
chosen_types = tuple(sorted(types)) or None
chosen_statuses = tuple(sorted(statuses)) or None
chosen_centres = tuple(sorted(centres)) or None

# -- key figures -----------------------------------------------------------------------------
k = kpi_values(load_report("device-kpis", ctx.scope, device_types=chosen_types, days=days),
               devices=0, leased=0, monthly_lease=0.0, lease_ending=0, unassigned_leased=0)
kpi_row([
    Kpi(ctx.t("devices.kpi.devices"), fmt_number(k["devices"], lang)),
    Kpi(ctx.t("devices.kpi.leased"), fmt_number(k["leased"], lang)),
    Kpi(ctx.t("devices.kpi.monthly_lease"), fmt_money(k["monthly_lease"], lang)),
    Kpi(ctx.t("devices.kpi.lease_ending", days=fmt_number(days, lang)), fmt_number(k["lease_ending"], lang)),
])

MONEY = {"monthly_lease": "money", "lease_cost_left": "money"}
# the inventory is always drawn (the device picker below offers its rows); the other tabs
# only when open: five tables of up to 138,908 rows on every run for the one in view
tab_inv, tab_cc, tab_ren, tab_un, tab_people = lazy_tabs([
    ctx.t("devices.tab.inventory"), ctx.t("devices.tab.centres"), ctx.t("devices.tab.renewals"),
    ctx.t("devices.tab.unassigned"), ctx.t("devices.tab.people")], key="devices_tab")

with tab_inv:
    inv = load_report("device-inventory", ctx.scope, device_types=chosen_types, statuses=chosen_statuses,
                      cost_centres=chosen_centres, warranty_days=warranty_days or None)
    st.subheader(ctx.t("report.device_inventory"))
    if inv.empty:
        st.info(ctx.t("devices.none"))
    else:
        show_translated(inv, inv, codes=CODES, lang=lang, key="device_inventory", report="device-inventory",
                        formats={**MONEY, "warranty_days_left": "num0"}, selection_mode="single-row",
                        on_select=pick_on_select("device_inventory", inv.device_id, "device"))

with tab_cc:
    if tab_cc.open:
        by_cc = load_report("devices-by-cost-centre", ctx.scope, device_types=chosen_types,
                            statuses=chosen_statuses, cost_centres=chosen_centres)
        st.subheader(ctx.t("report.devices_by_cost_centre"))
        show_table(by_cc, lang=lang, key="devices_by_cc", report="devices-by-cost-centre", formats=MONEY)

with tab_ren:
    if tab_ren.open:
        ren = load_report("device-renewals", ctx.scope, days=days, refresh_months=refresh,
                          device_types=chosen_types, cost_centres=chosen_centres)
        st.subheader(ctx.t("report.device_renewals"))
        st.caption(ctx.t("devices.renewals.caption", days=fmt_number(days, lang), months=fmt_number(refresh, lang)))
        show_translated(ren, ren, codes=CODES, lang=lang, key="device_renewals", report="device-renewals",
                        formats={**MONEY, "days_to_due": "num0", "age_months": "num0"})

with tab_un:
    if tab_un.open:
        un = load_report("devices-unassigned-leased", ctx.scope, device_types=chosen_types,
                         cost_centres=chosen_centres)
        st.subheader(f'{ctx.t("report.devices_unassigned_leased")} ({fmt_number(k["unassigned_leased"], lang)})')
        show_translated(un, un, codes=CODES, lang=lang, key="devices_unassigned", report="devices-unassigned-leased",
                        formats=MONEY)

with tab_people:
    if tab_people.open:
        people = load_report("device-people", ctx.scope)
        st.subheader(ctx.t("report.device_people"))
        st.caption(ctx.t("devices.people.caption"))
        show_translated(people, people, codes=CODES, lang=lang, key="device_people", report="device-people")

# -- one device ------------------------------------------------------------------------------
st.divider()
st.subheader(ctx.t("report.device_detail"))
# the first rows of the inventory and the device the URL or the session names (not every device:
# each option is sent to the browser on every run)
options = picker_options(inv.device_id, st.session_state.get("device") or st.query_params.get("device"))
device_id = st.selectbox(ctx.t("devices.pick"), options, index=None, key="device", bind="query-params",
                         help=ctx.t("devices.pick.help"), placeholder=ctx.t("devices.pick"),
                         )
if device_id:
    detail = load_report("device-detail", ctx.scope, device_id=device_id)
    if detail.empty:
        st.info(ctx.t("devices.not_visible"))
    else:
        d = detail.iloc[0]
        st.markdown(plain(" · ".join(str(v) for v in (d.device_id, code_label("device_type", d.device_type, lang),
                                                     d.manufacturer, d.model, d.user_name) if isinstance(v, str))))
        show_translated(detail, detail, codes=CODES, lang=lang, key="device_detail", report="device-detail",
                        formats={**MONEY, "warranty_days_left": "num0", "age_months": "num0"})
        st.markdown(f"**{ctx.t('report.device_history')}**")
        hist = load_report("device-history", ctx.scope, device_id=device_id)
        show_translated(hist, hist, codes=CODES, lang=lang, key="device_history", report="device-history",
                        export_parts=(device_id,))
        st.markdown(f"**{ctx.t('report.device_subscription_costs')}**")
        costs = load_report("device-subscription-costs", ctx.scope, device_id=device_id)
        if costs.empty:
            st.caption(ctx.t("devices.no_subscription"))
        else:
            st.plotly_chart(monthly_bars(costs, lang=lang, height=280), width="stretch", key="device_costs_chart")
            show_table(costs, lang=lang, key="device_costs", report="device-subscription-costs",
                       export_parts=(device_id,), formats={c: "money" for c in costs.columns if c != "month"})
