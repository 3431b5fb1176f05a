"""An employee's own subscriptions, as a phone operator's app shows the month: the data used
of the allowance on a labelled bar, the days left, the cost so far, where it roamed, a
12-month trend, the latest Saldoviesti message, and the devices of those
subscriptions."""

import streamlit as st

from reporting.i18n import (
    country_name,
    fmt_date,
    fmt_money,
    fmt_month,
    fmt_number,
    fmt_percent,
    is_missing,
)
from reporting.messages.saldoviesti import local_number
from reporting.ui.cache import load_report
from reporting.ui.charts import monthly_bars
from reporting.ui.context import page_context
from reporting.ui.drill import label_codes
from reporting.ui.status_view import show_translated
from reporting.ui.text import plain

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
    with st.container(border=True):
        st.subheader(plain(f"{local_number(r.phone_number)} · {r.plan}"))
        period = (ctx.t("my.days_left", days=fmt_number(r.days_left, ctx.lang),
                        end=fmt_date(r.period_end, ctx.lang)) if r.days_left
                  else ctx.t("my.period_over", end=fmt_date(r.period_end, ctx.lang)))
        st.caption(period)
        data_col, side = st.columns([3, 2], gap="large")
        with data_col:
            st.markdown(f"**{ctx.t('my.data')}**")
            if is_missing(r.allowance_gb):
                st.markdown(f"### {ctx.t('my.data_unlimited', used=fmt_number(r.data_gb, ctx.lang, 1))}")
            else:
                used = ctx.t("my.data_of", used=fmt_number(r.data_gb, ctx.lang, 1),
                             allowance=fmt_number(r.allowance_gb, ctx.lang))
                st.markdown(f"### {used}")
                st.progress(float(r.data_use_share), text=ctx.t(
                    "my.data_bar", share=fmt_percent(r.data_use_share, ctx.lang, 0),
                    left=fmt_number(r.data_left_gb, ctx.lang, 1)))
            st.caption(ctx.t("my.calls_messages", voice=fmt_number(r.voice_min, ctx.lang),
                             messages=fmt_number(r.messages, ctx.lang)))
        with side:
            st.metric(ctx.t("my.cost" if r.days_left else "my.cost_period"),
                      fmt_money(r.cost, ctx.lang), border=True)
            countries = [country_name(c, ctx.lang) for c in r.roaming_countries.split(",") if c]
            roaming = (ctx.t("my.roaming_where", countries=", ".join(countries),
                             data=fmt_number(r.roaming_data_gb, ctx.lang, 1))
                       if countries else ctx.t("my.roaming_none"))
            st.metric(ctx.t("my.roaming"), fmt_money(r.roaming_cost, ctx.lang), border=True,
                      help=roaming)
            st.caption(roaming)
        fig = monthly_bars(rows, lang=ctx.lang, value_col="cost", title=ctx.t("my.trend"),
                           height=260)
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
