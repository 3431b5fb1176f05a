"""Orders for the operator: every order with its state, its history, and moving it on."""

import pandas as pd
import streamlit as st

from reporting.i18n import code_label, fmt_date, fmt_money, fmt_number
from reporting.orders import ordering as orders
from reporting.ui.context import page_context
from reporting.ui.drill import label_codes
from reporting.ui.tables import show_table
from reporting.ui.text import plain

ctx = page_context("orders-admin")
lang = ctx.lang
st.title(ctx.t("page.orders_admin.title"))

flash = st.session_state.pop("orders_flash", None)
if flash:
    st.success(plain(flash))

all_orders = orders.list_orders()
if all_orders.empty:
    st.info(ctx.t("orders.none"))
    st.stop()

counts = orders.state_counts(all_orders)
st.caption(" · ".join(ctx.t("orders.counts", state=code_label("order_state", s, lang), count=fmt_number(n, lang))
                      for s, n in counts.items()))
chosen_states = st.pills(ctx.t("orders.filter_state"), list(orders.STATES), selection_mode="multi",
                         default=list(orders.STATES), key="orders_state_filter",
                         format_func=lambda s: code_label("order_state", s, lang))
chosen_orders = orders.list_orders(states=chosen_states or ())
show_table(label_codes(chosen_orders, lang, order_state="order_state"), lang=lang, key="orders_table",
           report="orders", formats={"order_monthly": "money", "order_one_off": "money", "order_users": "num0",
                                     "order_subscriptions": "num0"})

ids = chosen_orders["order_id"].tolist()
if not ids:
    st.stop()
labels = dict(zip(chosen_orders["order_id"], chosen_orders["order_company"], strict=True))
order_id = st.selectbox(ctx.t("orders.choose"), ids, key="orders_choose",
                        format_func=lambda oid: f"{oid} – {labels.get(oid, '')}")
order = orders.order_details(order_id)
if order is None:
    st.error(ctx.t("orders.error.missing", order_id=order_id))
    st.stop()

current = order.state
st.subheader(f"{order_id} · {code_label('order_state', current, lang)}")
st.caption(" · ".join([
    ctx.t("quote.customer", company=plain(order.company_name), business_id=plain(order.business_id)),
    ctx.t("quote.for", users=fmt_number(order.users, lang), subscriptions=fmt_number(order.subscriptions, lang)),
    f"{ctx.t('col.order_training_date')}: {fmt_date(order.training_date, lang)}",
]))


def _money(value: str | None) -> str:
    return ctx.t("quote.custom_offer") if value is None else fmt_money(value, lang)


st.table(pd.DataFrame(
    [[_money(vat_0), _money(vat_incl)] for _, vat_0, vat_incl in order.totals],
    index=[ctx.t(f"quote.total.{k}") for k, _, _ in order.totals],
    columns=[ctx.t("quote.vat_0"), ctx.t("quote.vat_incl", rate=fmt_number(order.vat_percent, lang, 1))]))


def _move(oid: str, expected: str) -> None:
    target = st.session_state.get("orders_move_to")
    try:
        orders.advance(oid, target, actor=ctx.user, expected_state=expected,
                       note=st.session_state.get("orders_move_note", ""))
    except orders.OrderStateError as exc:
        st.session_state["orders_flash_error"] = exc.message(lang)
        return
    st.session_state["orders_flash"] = ctx.t("orders.moved", order_id=oid, state=code_label("order_state", target, lang))
    st.session_state.pop("orders_move_note", None)


flash_error = st.session_state.pop("orders_flash_error", None)
if flash_error:
    st.error(plain(flash_error))

next_states = order.next_states
if next_states:
    st.selectbox(ctx.t("orders.move_to"), list(next_states), key="orders_move_to",
                 format_func=lambda s: code_label("order_state", s, lang))
    st.text_input(ctx.t("orders.move_note"), key="orders_move_note", max_chars=500)
    st.button(ctx.t("orders.move"), key="orders_move", type="primary", on_click=_move,
              args=(order_id, current))
else:
    st.caption(ctx.t("orders.final"))

st.markdown(f"**{ctx.t('orders.history')}**")
events = label_codes(orders.order_events(order_id), lang, order_event_from="order_state",
                     order_event_to="order_state")
show_table(events, lang=lang, key="orders_events", report="order-events", downloads=False)
