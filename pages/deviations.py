"""Cost deviations: subscriptions and cost centres whose month departs from their own trailing
3-month average by more than a share and an amount, with the reason in words. Selecting a row
shows the invoice lines behind it (and opens the drill-down for a subscription)."""

import streamlit as st

from reporting.costs.deviations import DEFAULT_MIN_AMOUNT, DEFAULT_MIN_SHARE, reason_first
from reporting.i18n import fmt_money, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.drill import drill_link_params, report_table, selected_row
from reporting.ui.filters import month_key, month_label, parse_month_key, report_filters
from reporting.ui.navigation import page

ctx = page_context("deviations")
lang = ctx.lang
st.title(ctx.t("page.deviations.title"))

ctx.stop_if_no_scope()

flt = report_filters(ctx.scope, lang, period=False)
if not flt.months:
    st.info(ctx.t("common.no_data_in_scope"))
    st.stop()
keys = [month_key(m) for m in flt.months]
c1, c2, c3 = st.columns(3)
month = parse_month_key(c1.selectbox(ctx.t("dev.month"), options=keys,
                                     format_func=month_label,
                                     key="dev_month", bind="query-params"))
share = c2.number_input(ctx.t("dev.min_share"), min_value=0, max_value=1000, step=5,
                        value=int(DEFAULT_MIN_SHARE * 100), key="share", bind="query-params")
amount = c3.number_input(ctx.t("dev.min_amount"), min_value=0, max_value=100000, step=10,
                         value=int(DEFAULT_MIN_AMOUNT), key="min", bind="query-params")
st.caption(ctx.t("dev.rule", share=fmt_number(share, lang), amount=fmt_money(amount, lang)))

dev = load_report("cost-deviations", ctx.scope, month=month, min_share=share / 100, min_amount=float(amount),
                  lang=lang, **flt.kwargs(period=False))
if dev.empty:
    st.info(ctx.t("dev.none"))
    st.stop()
dev = reason_first(dev)
event = report_table(dev, lang=lang, key="dev_table", report="cost-deviations",
                   formats={"amount": "money", "avg_prev_3": "money", "change_amount": "money",
                            "change_share": "pct", "driver_change_amount": "money", "driver_quantity": "num2"},
                   hide=["month"], selection_mode="single-row", export_parts=[month_key(month)])
st.caption(ctx.t("dev.select_hint"))
row = selected_row(event, dev)
if row is not None:
    who = row.subscription_id if row.level == "subscription" else row.cost_centre
    label = f"{who} {row.user_name if isinstance(row.user_name, str) else row.cost_centre_name or ''}"
    st.markdown(f"#### {ctx.t('dev.lines_heading', who=label)}")
    kw = {"subscription": row.subscription_id} if row.level == "subscription" else {"cost_centre": row.cost_centre}
    lines = load_report("deviation-lines", ctx.scope, month=month, **kw)
    report_table(lines, lang=lang, key=f"dev_lines_{who}", report="invoice-lines",
               formats={"amount": "money", "quantity": "num2"}, export_parts=[str(who), month_key(month)])
    if row.level == "subscription":
        st.page_link(page("drilldown").path, label=ctx.t("page.drilldown.title"), icon=":material/account_tree:",
                     query_params=drill_link_params(flt, subscription=row.subscription_id, month=month))
