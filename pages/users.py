"""User management: the main user's self-service (the operator's changes for a customer are
recorded as manual, priced changes). The rules and checks are in reporting.access.users; this page
only collects input and shows results."""


import streamlit as st

from reporting.access.accounts import AccountError
from reporting.access.scope import Role
from reporting.access.users import (
    MANAGEABLE_ROLES,
    Offered,
    audit_for_screen,
    audit_trail,
    changes_are_manual,
    create_user,
    fee_summary,
    grant_kind,
    link_oidc,
    list_users,
    manual_change_price,
    reset_password,
    set_active,
    update_access,
)
from reporting.i18n import code_label, fmt_money, fmt_number, t
from reporting.orders.pricing import PriceListError, load_price_list
from reporting.ui.context import current_user, get_db, page_context
from reporting.ui.loaders import grants_for
from reporting.ui.paging import PAGED_ABOVE, searched_options, subscription_labels
from reporting.ui.readable import show_readable
from reporting.ui.tables import show_table
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("users")
lang = ctx.lang
st.title(ctx.t("page.users.title"))

org_id = ctx.scope.org_id
if not org_id:
    st.info(ctx.t("common.choose_org"))
    st.stop()
try:
    prices = load_price_list()
except PriceListError as exc:
    st.error(str(exc))
    st.stop()
if changes_are_manual(ctx.user):
    st.warning(ctx.t("users.operator_manual", price=fmt_money(manual_change_price(prices), lang)),
               icon=":material/payments:")


def _role_label(role: str) -> str:
    return code_label("role", str(role), lang)


def _run(operation, *args, message_: str, shown_name_: str = "", **kwargs) -> None:
    """A button's callback: runs before the next script run, as the user reloaded NOW (a
    revoked main user cannot act on a stale page); reporting.access.users checks everything again."""
    actor = current_user()
    if actor is None:
        return
    kwargs = {k: (st.session_state.get(v[1]) if isinstance(v, tuple) and v[0] == "state" else v)
              for k, v in kwargs.items()}
    try:
        change = operation(actor, *args, **kwargs)
    except AccountError as exc:
        st.session_state["_users_error"] = str(exc)
        return
    if change.temporary_password:
        st.session_state["_users_password"] = (change.account.email, change.temporary_password)
    st.session_state["_users_flash"] = t(message_, lang, name=plain(shown_name_ or change.account.name))


def _state(key: str) -> tuple[str, str]:
    """A keyword argument read from the widget's state when the callback runs."""
    return ("state", key)


flash = st.session_state.pop("_users_flash", None)
if flash:
    st.success(flash)
failure = st.session_state.pop("_users_error", None)
if failure:
    st.error(plain(failure))
shown_password = st.session_state.pop("_users_password", None)
if shown_password:
    st.info(ctx.t("users.temporary_password", email=plain(shown_password[0])))
    st.code(shown_password[1], language=None)

# -- the fee and the manual changes ---------------------------------------------------------
fees = fee_summary(org_id, prices)
tiers = ", ".join(ctx.t("users.fee_tier", users=tier.max_users, fee=fmt_money(tier.monthly_fee, lang))
                  for tier in prices.user_tiers)
kpi_row([
    Kpi(ctx.t("users.active_users"), fmt_number(fees.active_users, lang)),
    Kpi(ctx.t("users.monthly_fee"),
        fmt_money(fees.monthly_fee, lang) if fees.monthly_fee is not None else ctx.t("users.custom_offer"),
        help=ctx.t("users.fee_rules", tiers=tiers, max=prices.max_list_users)),
    Kpi(ctx.t("users.manual_changes_month"), fmt_number(fees.manual_changes_month, lang),
        help=ctx.t("users.manual_changes_help", price=fmt_money(fees.manual_change_price, lang))),
    Kpi(ctx.t("users.manual_changes_cost"), fmt_money(fees.manual_changes_cost, lang)),
])

users = list_users(ctx.user, org_id)
options = grants_for(ctx.user, org_id)
centre_names = dict(zip(options.cost_centres["code"], options.cost_centres["name"], strict=True))
sub_labels = subscription_labels(options.subscriptions)

table = users.assign(role=users["role"].map(_role_label))
show_table(table, lang=lang, key="users_table", report="users", hide=["user_id"], downloads=False)

def _update(actor, user_id, *, role, cost_centres, subscriptions, offered):
    return update_access(actor, get_db(), user_id, role=role, cost_centres=cost_centres or (),
                         subscriptions=subscriptions or (), offered=offered or Offered())


# The add-user form's widgets carry the form's number in their keys: after a create the
# number changes, so the browser gets new, empty widgets (popping the old keys left the
# browser's widgets holding the previous person's choices, issue 14.1).
form_no = st.session_state.setdefault("_new_user_form", 0)


def _create(actor, *, form, email, name, role, cost_centres, subscriptions, offered):
    if form != st.session_state.get("_new_user_form"):
        raise AccountError(t("users.stale_form", lang))
    change = create_user(actor, get_db(), org_id=org_id, email=email or "", name=name or "",
                         role=role, cost_centres=cost_centres or (), subscriptions=subscriptions or (),
                         offered=offered or Offered())
    st.session_state["_new_user_form"] = form + 1
    return change


tab_edit, tab_new, tab_log = st.tabs([ctx.t("users.tab_edit"), ctx.t("users.tab_new"),
                                      ctx.t("users.tab_log")])


def _grant_inputs(prefix: str, role: Role, ccs=(), subs=()) -> None:
    """The grant pickers that fit the role (read by the buttons' callbacks from their
    state); options are only this organisation's. What the form offers is recorded for the
    server's check (Offered: a grant outside it is refused)."""
    kind = grant_kind(role)
    st.session_state[f"_offered_{prefix}"] = Offered.of(
        centre_names if kind == "cost_centre" else (), ())      # subscriptions: below, what is shown
    if kind == "cost_centre":
        help_key = "users.analyst_centres_help" if role is Role.ANALYST else "users.manager_centres_help"
        st.multiselect(ctx.t("users.cost_centres"), options=list(centre_names),
                       default=[c for c in ccs if c in centre_names],
                       format_func=lambda c: f"{c} {centre_names.get(c, '')}",
                       key=f"{prefix}_ccs", help=ctx.t(help_key))
    elif kind == "subscription":
        # a search picks the subscriptions to offer (an organisation has up to 100,000; each
        # option would go to the browser on every run); what is chosen stays offered
        chosen = st.session_state.get(f"{prefix}_subs", [s for s in subs if s in sub_labels])
        query = st.text_input(ctx.t("users.subscriptions.search"), key=f"{prefix}_sub_search",
                              placeholder=ctx.t("users.subscriptions.search_placeholder")) \
            if len(sub_labels) > PAGED_ABOVE else ""
        shown = searched_options(sub_labels, query, chosen)
        st.session_state[f"_offered_{prefix}"] = Offered.of((), shown)
        st.multiselect(ctx.t("users.subscriptions"), options=shown,
                       default=None if f"{prefix}_subs" in st.session_state else chosen,
                       format_func=lambda s: sub_labels.get(s, s), key=f"{prefix}_subs",
                       help=ctx.t("users.subscriptions.help", count=PAGED_ABOVE)
                       if len(sub_labels) > PAGED_ABOVE else None)


with tab_edit:
    if users.empty:
        st.info(ctx.t("users.none_yet"))
    else:
        labels = {r.user_id: f"{r.name} <{r.email}>" for r in users.itertuples()}
        chosen_id = st.selectbox(ctx.t("users.choose"), options=list(labels),
                                 format_func=lambda u: labels.get(u, u), key="user",
                                 bind="query-params")
        row = users.set_index("user_id").loc[chosen_id] if chosen_id in labels else None
        if row is not None:
            own = chosen_id == ctx.user.user_id
            role = st.selectbox(ctx.t("users.role"), options=[r.value for r in MANAGEABLE_ROLES],
                                index=[r.value for r in MANAGEABLE_ROLES].index(row["role"]),
                                format_func=_role_label, key=f"edit_role_{chosen_id}", disabled=own)
            _grant_inputs(f"edit_{chosen_id}", Role(role),
                          [c for c in row["cost_centres"].split(", ") if c],
                          [s for s in row["subscriptions"].split(", ") if s])
            if own:
                st.caption(ctx.t("users.own_account"))
            c1, c2, c3 = st.columns(3)
            c1.button(ctx.t("users.save"), type="primary", key="save_access", disabled=own,
                      on_click=_run, args=(_update, chosen_id),
                      kwargs={"message_": "users.saved", "shown_name_": row["name"],
                              "role": _state(f"edit_role_{chosen_id}"),
                              "cost_centres": _state(f"edit_{chosen_id}_ccs"),
                              "subscriptions": _state(f"edit_{chosen_id}_subs"),
                              "offered": _state(f"_offered_edit_{chosen_id}")})
            toggle = "users.reactivate" if not row["active"] else "users.deactivate"
            c2.button(ctx.t(toggle), key="toggle_active", disabled=own, on_click=_run,
                      args=(set_active, chosen_id, not row["active"]),
                      kwargs={"message_": "users.saved", "shown_name_": row["name"]})
            c3.button(ctx.t("users.reset_password"), key="reset_pw", on_click=_run,
                      args=(reset_password, chosen_id),
                      kwargs={"message_": "users.saved", "shown_name_": row["name"]})
            with st.expander(ctx.t("users.oidc_link")):
                st.caption(ctx.t("users.oidc_help"))
                st.text_input(ctx.t("users.oidc_issuer"), key=f"oidc_iss_{chosen_id}")
                st.text_input(ctx.t("users.oidc_subject"), key=f"oidc_sub_{chosen_id}")
                st.button(ctx.t("users.save"), key=f"oidc_save_{chosen_id}", on_click=_run,
                          args=(link_oidc, chosen_id),
                          kwargs={"message_": "users.saved", "shown_name_": row["name"],
                                  "issuer": _state(f"oidc_iss_{chosen_id}"),
                                  "subject": _state(f"oidc_sub_{chosen_id}")})

with tab_new:
    new_role = st.selectbox(ctx.t("users.role"), options=[r.value for r in MANAGEABLE_ROLES],
                            index=[r.value for r in MANAGEABLE_ROLES].index(Role.EMPLOYEE.value),
                            format_func=_role_label, key=f"new_role_{form_no}")
    st.text_input(ctx.t("users.name"), key=f"new_name_{form_no}")
    st.text_input(ctx.t("users.email"), key=f"new_email_{form_no}")
    _grant_inputs(f"new_{form_no}", Role(new_role))
    st.caption(ctx.t("users.new_password_help"))
    st.button(ctx.t("users.create"), type="primary", key="create_user", on_click=_run,
              args=(_create,),
              kwargs={"message_": "users.created", "form": form_no,
                      "email": _state(f"new_email_{form_no}"), "name": _state(f"new_name_{form_no}"),
                      "role": _state(f"new_role_{form_no}"), "cost_centres": _state(f"new_{form_no}_ccs"),
                      "subscriptions": _state(f"new_{form_no}_subs"),
                      "offered": _state(f"_offered_new_{form_no}")})

with tab_log:
    log = audit_trail(ctx.user, org_id)
    show_readable(audit_for_screen(log, lang), log, lang=lang, key="audit_table", report="audit")
