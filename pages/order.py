"""Order and quote: the order form with a live quote, downloads, and the next steps after ordering.

The main user orders for their own organisation; the operator fills the form on behalf of a
customer or a prospect (the app has no anonymous access). Rules live in reporting.orders.ordering and
reporting.orders.pricing; this page only reads the widgets and renders.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from reporting.access.permissions import is_operator
from reporting.i18n import fmt_date
from reporting.orders import ordering as orders
from reporting.orders.pricing import PriceListError, QuoteError, load_price_list, make_quote, quote_notes
from reporting.orders.quote import (
    lines_frame,
    quote_html,
    quote_number,
    quote_valid_until,
    totals_rows,
    vat_rate_text,
)
from reporting.ui.context import page_context
from reporting.ui.loaders import order_organisations
from reporting.ui.tables import show_table
from reporting.ui.text import plain, plain_args

ctx = page_context("order")
lang = ctx.lang
user = ctx.user
st.title(ctx.t("page.order.title"))

try:
    price_list = load_price_list()
except PriceListError as exc:
    st.error(str(exc))
    st.stop()

known = order_organisations()
own_name, own_bid = orders.own_organisation(user, known)
today = orders.today_in_finland()


def _form() -> orders.OrderForm:
    s = st.session_state
    addons = orders.form_addons(price_list, [code for code in price_list.addons if s.get(f"order_addon_{code}")],
                                s.get("order_optimisation", "none"))
    return orders.OrderForm(
        company_name=s.get("order_company_name", ""), business_id=s.get("order_business_id", ""),
        main_user_name=s.get("order_main_user_name", ""), main_user_email=s.get("order_main_user_email", ""),
        main_user_phone=s.get("order_main_user_phone", ""), users=int(s.get("order_users", 1)),
        subscriptions=int(s.get("order_subscriptions", 0)), addons=addons,
        training_date=s.get("order_training_date"), notes=s.get("order_notes", ""),
    )


def _submit() -> None:
    form = _form()
    try:
        result = orders.submit_order(form, orderer=user, today=today, price_list=price_list,
                                     known_orgs=known.by_business_id,
                                     own_business_id=orders.own_business_id(user, known),
                                     customers=known.customers, lang=lang)
    except orders.OrderInvalid as exc:
        st.session_state["order_problems"] = exc.problems
        return
    st.session_state.pop("order_problems", None)
    st.session_state["order_result"] = result


def _new_order() -> None:
    for key in list(st.session_state):
        if str(key).startswith("order_"):
            del st.session_state[key]


def _totals(quote) -> None:
    """Monthly, one-off and first-year totals, VAT 0 % and VAT included, with the price notes."""
    rate = vat_rate_text(quote, lang)
    st.table(pd.DataFrame(
        [row[1:] for row in totals_rows(quote, lang)],
        index=[row[0] for row in totals_rows(quote, lang)],
        columns=[ctx.t("quote.vat_0"), ctx.t("quote.vat_incl", rate=rate)]))
    for note in quote_notes(quote, lang):
        st.caption(note)


def _lines(quote, *, company: str | None = None, business_id: str | None = None,
           key: str = "order_quote") -> None:
    """The quote's lines with CSV/XLSX downloads and the self-contained HTML quote."""
    show_table(lines_frame(quote, lang), lang=lang, key=f"{key}_lines", report="quote",
               formats={"quote_unit_price": "money", "amount": "money"})
    number = quote_number(quote, company=company, business_id=business_id, today=today)
    st.caption(ctx.t("quote.number", number=number, valid_until=fmt_date(quote_valid_until(quote, today), lang)))
    st.download_button(ctx.t("order.download_html"),
                       data=quote_html(quote, lang, company=company, business_id=business_id, today=today),
                       file_name=f"{number}.html", mime="text/html",
                       key=f"{key}_html", on_click="ignore", icon=":material/description:")


# ------------------------------------------------------------------ after the order
result = st.session_state.get("order_result")
if isinstance(result, orders.OrderResult):
    o = result.order
    st.success(ctx.t("order.done.title", order_id=result.order_id))
    st.subheader(ctx.t("order.done.next_steps"))
    steps = [
        ctx.t("order.done.credentials_created" if result.account_created else "order.done.credentials_existing",
              **plain_args(name=o.main_user_name, email=o.main_user_email, org=o.company_name)),
        ctx.t("order.done.user_guide", url=price_list.user_guide_url),
        ctx.t("order.done.training", date=fmt_date(o.training_date, lang)),
        ctx.t("order.done.fees"),
    ]
    if o.quote.custom_offer:
        steps.append(ctx.t("order.done.custom_offer"))
    st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(steps, start=1)))
    st.subheader(ctx.t("order.section.quote"))
    _totals(o.quote)
    _lines(o.quote, company=o.company_name, business_id=o.business_id, key="order_done_quote")
    st.button(ctx.t("order.new_order"), key="order_new", on_click=_new_order)
    st.stop()

# ------------------------------------------------------------------ the form
st.caption(ctx.t("order.intro"))
if is_operator(user):
    st.info(ctx.t("order.operator_on_behalf"), icon=":material/support_agent:")
elif own_bid:
    st.session_state.setdefault("order_company_name", own_name)
    st.session_state.setdefault("order_business_id", own_bid)
# a main user is the main user of their own organisation: the order is linked to their account
main_user_is_orderer = not is_operator(user)
if main_user_is_orderer:
    st.session_state.setdefault("order_main_user_name", user.name)
    if user.email:
        st.session_state.setdefault("order_main_user_email", user.email)

problems: dict = st.session_state.get("order_problems") or {}


def _clear(*names: str) -> None:
    """A field's message goes away as soon as the field changes."""
    for name in names:
        (st.session_state.get("order_problems") or {}).pop(name, None)


def field_error(name: str) -> None:
    if name in problems:
        st.error(plain(problems[name].message(lang)), icon=":material/error:")


if problems:
    st.warning(ctx.t("order.fix_errors"))


def required(label_key: str) -> str:
    """A required field's label: its name and an asterisk (the legend under the title says so)."""
    return ctx.t(label_key) + " *"


st.caption(ctx.t("order.required_legend"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(ctx.t("order.section.company"))
    st.text_input(required("order.field.company_name"), key="order_company_name", on_change=_clear, args=("company_name",), max_chars=orders.MAX_NAME)
    field_error("company_name")
    st.text_input(required("order.field.business_id"), key="order_business_id", on_change=_clear, args=("business_id",), max_chars=9,
                  placeholder="1234567-8", help=ctx.t("order.field.business_id_help"))
    field_error("business_id")

    st.subheader(ctx.t("order.section.main_user"))
    st.caption(ctx.t("order.main_user_is_you" if main_user_is_orderer else "order.section.main_user_help"))
    locked = main_user_is_orderer and bool(user.email)
    st.text_input(required("order.field.main_user_name"), key="order_main_user_name", on_change=_clear, args=("main_user_name",),
                  max_chars=orders.MAX_NAME, disabled=locked)
    field_error("main_user_name")
    st.text_input(required("order.field.main_user_email"), key="order_main_user_email", on_change=_clear, args=("main_user_email",),
                  max_chars=254, disabled=locked)
    field_error("main_user_email")
    st.text_input(required("order.field.main_user_phone"), key="order_main_user_phone", on_change=_clear, args=("main_user_phone",), max_chars=30,
                  placeholder="040 123 4567")
    field_error("main_user_phone")

    st.subheader(ctx.t("order.section.service"))
    st.number_input(ctx.t("order.field.users"), key="order_users", on_change=_clear, args=("users", "addons"), min_value=0, max_value=100_000,
                    value=1, step=1, help=ctx.t("order.field.users_help"))
    field_error("users")
    st.number_input(ctx.t("order.field.subscriptions"), key="order_subscriptions", on_change=_clear, args=("subscriptions",), min_value=0,
                    max_value=1_000_000, value=0, step=1)
    field_error("subscriptions")
    st.markdown(f"**{ctx.t('order.field.addons')}**")
    for code, addon in price_list.addons.items():
        if code not in orders.OPTIMISATION_ADDONS:
            st.checkbox(addon.name(lang), key=f"order_addon_{code}", on_change=_clear, args=("addons",))
    options = orders.optimisation_choices(price_list)
    if options:
        st.radio(ctx.t("order.field.optimisation"), options, key="order_optimisation", on_change=_clear, args=("addons",),
                 format_func=lambda o: ctx.t(f"order.optimisation.{o}"), horizontal=True)
    field_error("addons")

    st.subheader(ctx.t("order.section.training"))
    # A text field, not st.date_input: Streamlit's date field draws its placeholder in
    # English (dd.mm.yyyy) whatever the language; the form speaks the user's language.
    st.text_input(required("order.field.training_date"), key="order_training_date", on_change=_clear, args=("training_date",),
                  max_chars=10, placeholder=ctx.t("order.field.training_date_placeholder"),
                  help=ctx.t("order.field.training_date_help",
                             example=fmt_date(orders.next_working_day(today + dt.timedelta(days=7)), lang)))
    field_error("training_date")
    st.text_area(ctx.t("order.field.notes"), key="order_notes", on_change=_clear, args=("notes",), max_chars=orders.MAX_NOTES)
    field_error("notes")
    st.button(ctx.t("order.submit"), key="order_submit", type="primary", on_click=_submit,
              icon=":material/send:")

form = _form()
try:
    quote = make_quote(form.users, form.subscriptions, form.addons, price_list,
                       existing=orders.existing_services_for(user, form.business_id, known))
except QuoteError as exc:
    quote, quote_problem = None, exc.message(lang)
with right:
    st.subheader(ctx.t("order.section.quote"))
    if quote is None:
        st.warning(quote_problem, icon=":material/info:")
    else:
        _totals(quote)
if quote is not None:
    st.subheader(ctx.t("order.section.quote_lines"))
    _lines(quote, company=form.company_name.strip() or None, business_id=form.business_id.strip() or None)
