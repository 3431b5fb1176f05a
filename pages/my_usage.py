"""An employee's own subscriptions: this month's usage against the allowance, cost, roaming,
a 12-month trend and the latest Saldoviesti message."""

import plotly.graph_objects as go
import streamlit as st

from reporting.i18n import fmt_money, fmt_month, fmt_number
from reporting.messages.saldoviesti import latest_month, local_number, saldoviesti
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("my_usage")
st.title(ctx.t("page.my_usage.title"))
if ctx.scope.is_empty:
    st.info(ctx.t("my.no_subscriptions"))
    st.stop()

month = latest_month(ctx.db, ctx.scope.org_id)
trend = load_report("my-subscriptions-trend", ctx.scope, month=month)
if trend.empty:
    st.info(ctx.t("my.no_subscriptions"))
    st.stop()
messages = saldoviesti(ctx.db, ctx.scope, month=month).set_index("subscription_id")
st.caption(ctx.t("my.month", month=fmt_month(month, ctx.lang)))

for sub_id, rows in trend.groupby("subscription_id", sort=True):
    rows = rows.sort_values("month")
    now = rows.iloc[-1]
    st.subheader(f"{local_number(now.phone_number)} · {now.plan}")
    msg = messages.loc[sub_id] if sub_id in messages.index else None
    allowance = msg.allowance_gb if msg is not None else None
    if allowance is not None and allowance == allowance and float(allowance) > 0:
        data_text = ctx.t("my.data_of", used=fmt_number(now.data_gb, ctx.lang, 1),
                          allowance=fmt_number(allowance, ctx.lang))
    else:
        data_text = ctx.t("my.data_unlimited", used=fmt_number(now.data_gb, ctx.lang, 1))
    kpi_row([
        Kpi(ctx.t("my.cost"), fmt_money(now.cost, ctx.lang)),
        Kpi(ctx.t("my.data"), data_text),
        Kpi(ctx.t("my.voice"), fmt_number(now.voice_min, ctx.lang)),
        Kpi(ctx.t("my.messages"), fmt_number(now.messages, ctx.lang)),
        Kpi(ctx.t("my.roaming"), fmt_money(now.roaming_cost, ctx.lang)),
    ])
    if allowance is not None and allowance == allowance and float(allowance) > 0:
        st.progress(min(1.0, float(now.data_gb) / float(allowance)))
    labels = [fmt_month(m, ctx.lang, short=True) for m in rows.month]
    fig = go.Figure(go.Bar(x=labels, y=rows.cost.astype(float),
                           hovertext=[fmt_money(v, ctx.lang) for v in rows.cost], hoverinfo="text+x",
                           marker_color="#5a2ca0"))
    fig.update_layout(title=ctx.t("my.trend"), height=280, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      separators=", " if ctx.lang == "fi" else ".,")
    st.plotly_chart(fig, width="stretch", key=f"my_trend_{sub_id}")
    st.markdown(f"**{ctx.t('my.last_message')}**")
    if msg is not None and bool(msg.opted_out):
        st.caption(ctx.t("my.opted_out"))
    if msg is not None:
        st.code(msg.text, language=None, wrap_lines=True)
