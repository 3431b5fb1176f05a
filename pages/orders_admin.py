"""Orders for the operator: every order with its state, its history, and moving it on."""

import datetime as dt
import json
from decimal import Decimal

import pandas as pd
import streamlit as st

from reporting.i18n import fmt_date, fmt_money, fmt_number
from reporting.orders import ordering as orders
from reporting.ui.context import page_context
from reporting.ui.tables import show_table

ctx = page_context("orders-admin")
lang = ctx.lang
st.title(ctx.t("page.orders_admin.title"))

flash = st.session_state.pop("orders_flash", None)
if flash:
    st.success(flash)

all_orders = orders.list_orders()
if all_orders.empty:
    st.info(ctx.t("orders.none"))
    st.stop()

counts = all_orders["order_state"].value_counts()
st.caption(" · ".join(ctx.t("orders.counts", state=ctx.t(f"order_state.{s}"), count=fmt_number(counts.get(s, 0), lang))
                      for s in orders.STATES))
chosen_states = st.pills(ctx.t("orders.filter_state"), list(orders.STATES), selection_mode="multi",
                         default=list(orders.STATES), key="orders_state_filter",
                         format_func=lambda s: ctx.t(f"order_state.{s}"))
shown = all_orders[all_orders["order_state"].isin(chosen_states or [])].copy()
shown["order_state"] = shown["order_state"].map(lambda s: ctx.t(f"order_state.{s}"))
show_table(shown, lang=lang, key="orders_table", report="orders",
           formats={"order_monthly": "money", "order_one_off": "money", "order_users": "num0",
                    "order_subscriptions": "num0"})

ids = all_orders.loc[all_orders["order_state"].isin(chosen_states or []), "order_id"].tolist()
if not ids:
    st.stop()
labels = dict(zip(all_orders["order_id"], all_orders["order_company"], strict=True))
order_id = st.selectbox(ctx.t("orders.choose"), ids, key="orders_choose",
                        format_func=lambda oid: f"{oid} – {labels.get(oid, '')}")
order = orders.get_order(order_id)
if order is None:
    st.error(ctx.t("orders.error.missing", order_id=order_id))
    st.stop()

current = order["state"]
st.subheader(f"{order_id} · {ctx.t(f'order_state.{current}')}")
quote = json.loads(order["quote"])
st.caption(" · ".join([
    ctx.t("quote.customer", company=order["company_name"], business_id=order["business_id"]),
    ctx.t("quote.for", users=fmt_number(quote["users"], lang), subscriptions=fmt_number(quote["subscriptions"], lang)),
    f"{ctx.t('col.order_training_date')}: {fmt_date(dt.date.fromisoformat(order['training_date']), lang)}",
]))


def _money(value: str | None) -> str:
    return ctx.t("quote.custom_offer") if value is None else fmt_money(value, lang)


totals = quote["totals"]
st.table(pd.DataFrame(
    [[_money(totals[k]["vat_0"]), _money(totals[k]["vat_included"])] for k in ("monthly", "one_off", "first_year")],
    index=[ctx.t(f"quote.total.{k}") for k in ("monthly", "one_off", "first_year")],
    columns=[ctx.t("quote.vat_0"), ctx.t("quote.vat_incl", rate=fmt_number(Decimal(quote["vat_percent"]), lang, 1))]))


def _move(oid: str, expected: str) -> None:
    target = st.session_state.get("orders_move_to")
    try:
        orders.advance(oid, target, actor=ctx.user, expected_state=expected,
                       note=st.session_state.get("orders_move_note", ""))
    except orders.OrderStateError as exc:
        st.session_state["orders_flash_error"] = exc.message(lang)
        return
    st.session_state["orders_flash"] = ctx.t("orders.moved", order_id=oid, state=ctx.t(f"order_state.{target}"))
    st.session_state.pop("orders_move_note", None)


flash_error = st.session_state.pop("orders_flash_error", None)
if flash_error:
    st.error(flash_error)

next_states = orders.TRANSITIONS[current]
if next_states:
    st.selectbox(ctx.t("orders.move_to"), list(next_states), key="orders_move_to",
                 format_func=lambda s: ctx.t(f"order_state.{s}"))
    st.text_input(ctx.t("orders.move_note"), key="orders_move_note", max_chars=500)
    st.button(ctx.t("orders.move"), key="orders_move", type="primary", on_click=_move,
              args=(order_id, current))
else:
    st.caption(ctx.t("orders.final"))

st.markdown(f"**{ctx.t('orders.history')}**")
events = orders.order_events(order_id)
for col in ("order_event_from", "order_event_to"):
    events[col] = events[col].map(lambda v: ctx.t(f"order_state.{v}") if isinstance(v, str) else "")
show_table(events, lang=lang, key="orders_events", report="order-events", downloads=False)
