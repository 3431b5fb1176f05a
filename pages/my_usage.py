"""An employee's own subscriptions: this month's usage against the allowance, cost, roaming,
a 12-month trend, the latest Saldoviesti message, and the devices of those subscriptions."""

import streamlit as st

from reporting.i18n import fmt_money, fmt_month, fmt_number, is_missing
from reporting.messages.saldoviesti import local_number
from reporting.ui.cache import load_report
from reporting.ui.charts import monthly_bars
from reporting.ui.context import page_context
from reporting.ui.drill import label_codes
from reporting.ui.status_view import show_translated
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("my_usage")
st.title(ctx.t("page.my_usage.title"))
if ctx.scope.is_empty:
    st.info(ctx.t("my.no_subscriptions"))
    st.stop()

now = load_report("my-usage", ctx.scope)          # the latest invoiced month
if now.empty:
    st.info(ctx.t("my.no_subscriptions"))
    st.stop()
month = now.as_of_month.iloc[0].date()
trend = load_report("my-subscriptions-trend", ctx.scope, month=month)
st.caption(ctx.t("my.month", month=fmt_month(month, ctx.lang)))

for r in now.itertuples(index=False):
    rows = trend[trend.subscription_id == r.subscription_id].sort_values("month")
    st.subheader(plain(f"{local_number(r.phone_number)} · {r.plan}"))
    if is_missing(r.allowance_gb):
        data_text = ctx.t("my.data_unlimited", used=fmt_number(r.data_gb, ctx.lang, 1))
    else:
        data_text = ctx.t("my.data_of", used=fmt_number(r.data_gb, ctx.lang, 1),
                          allowance=fmt_number(r.allowance_gb, ctx.lang))
    kpi_row([
        Kpi(ctx.t("my.cost"), fmt_money(r.cost, ctx.lang)),
        Kpi(ctx.t("my.data"), data_text),
        Kpi(ctx.t("my.voice"), fmt_number(r.voice_min, ctx.lang)),
        Kpi(ctx.t("my.messages"), fmt_number(r.messages, ctx.lang)),
        Kpi(ctx.t("my.roaming"), fmt_money(r.roaming_cost, ctx.lang)),
    ])
    if not is_missing(r.data_use_share):
        st.progress(float(r.data_use_share))
    fig = monthly_bars(rows, lang=ctx.lang, value_col="cost", title=ctx.t("my.trend"), height=280)
    st.plotly_chart(fig, width="stretch", key=f"my_trend_{r.subscription_id}")
    st.markdown(f"**{ctx.t('my.last_message')}**")
    if r.opted_out is True:
        st.caption(ctx.t("my.opted_out"))
    if isinstance(r.message_text, str):
        st.code(r.message_text, language=None, wrap_lines=True)

# -- my devices (issue 17): the devices of my subscriptions ------------------------------------
st.subheader(ctx.t("devices.mine"))
mine = load_report("device-inventory", ctx.scope)
if mine.empty:
    st.caption(ctx.t("devices.mine.none"))
else:
    show_translated(label_codes(mine, ctx.lang, device_type="device_type", status="device_status"), mine,
                    lang=ctx.lang, key="my_devices", report="device-inventory",
                    hide=("cost_centre", "cost_centre_name", "subscription_id"),
                    formats={"monthly_lease": "money", "warranty_days_left": "num0"})
