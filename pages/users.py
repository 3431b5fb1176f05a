"""User management: the main user's self-service (the operator's changes for a customer are
recorded as manual, priced changes). The rules and checks are in reporting.users; this page
only collects input and shows results."""

import datetime as dt

import streamlit as st

from reporting.accounts import AccountError
from reporting.i18n import fmt_money, fmt_number, t
from reporting.scope import Role
from reporting.ui.context import page_context
from reporting.ui.tables import show_table
from reporting.ui.widgets import Kpi, kpi_row
from reporting.users import (
    MANAGEABLE_ROLES,
    MANUAL_CHANGE_PRICE,
    active_user_count,
    audit_trail,
    create_user,
    grant_options,
    link_oidc,
    list_users,
    manual_changes,
    monthly_fee,
    reset_password,
    set_active,
    update_access,
)

ctx = page_context("users")
lang = ctx.lang
st.title(ctx.t("page.users.title"))

org_id = ctx.scope.org_id
if not org_id:
    st.info(ctx.t("common.choose_org"))
    st.stop()
if ctx.user.role is Role.OPERATOR:
    st.warning(ctx.t("users.operator_manual", price=fmt_money(MANUAL_CHANGE_PRICE, lang)),
               icon=":material/payments:")


def _role_label(role: str) -> str:
    return t("role." + str(role), lang)


def _done(message_key: str, **values) -> None:
    st.session_state["_users_flash"] = ctx.t(message_key, **values)
    st.rerun()


flash = st.session_state.pop("_users_flash", None)
if flash:
    st.success(flash)
shown_password = st.session_state.pop("_users_password", None)
if shown_password:
    st.info(ctx.t("users.temporary_password", email=shown_password[0]))
    st.code(shown_password[1], language=None)

# -- the fee and the manual changes ---------------------------------------------------------
active = active_user_count(org_id)
fee = monthly_fee(active)
this_month = dt.date.today().replace(day=1)
manual_month = manual_changes(org_id, month=this_month)
kpi_row([
    Kpi(ctx.t("users.active_users"), fmt_number(active, lang)),
    Kpi(ctx.t("users.monthly_fee"), fmt_money(fee, lang) if fee is not None else ctx.t("users.custom_offer"),
        help=ctx.t("users.fee_rules")),
    Kpi(ctx.t("users.manual_changes_month"), fmt_number(manual_month, lang),
        help=ctx.t("users.manual_changes_help", price=fmt_money(MANUAL_CHANGE_PRICE, lang))),
    Kpi(ctx.t("users.manual_changes_cost"), fmt_money(manual_month * MANUAL_CHANGE_PRICE, lang)),
])

users = list_users(ctx.user, org_id)
options = grant_options(ctx.user, ctx.db, org_id)
centre_names = dict(zip(options.cost_centres["code"], options.cost_centres["name"], strict=True))
sub_labels = {
    r.subscription_id: f"{r.user_name or '–'} · {r.phone_number or r.subscription_id}"
    for r in options.subscriptions.itertuples()
}

table = users.assign(role=users["role"].map(_role_label))
show_table(table, lang=lang, key="users_table", report="users", hide=["user_id"], downloads=False)

tab_edit, tab_new, tab_log = st.tabs([ctx.t("users.tab_edit"), ctx.t("users.tab_new"),
                                      ctx.t("users.tab_log")])


def _grant_inputs(prefix: str, role: Role, ccs=(), subs=()) -> tuple[list[str], list[str]]:
    """The grant pickers that fit the role; options are only this organisation's."""
    if role in (Role.MANAGER, Role.ANALYST):
        help_key = "users.analyst_centres_help" if role is Role.ANALYST else "users.manager_centres_help"
        chosen = st.multiselect(ctx.t("users.cost_centres"), options=list(centre_names),
                                default=[c for c in ccs if c in centre_names],
                                format_func=lambda c: f"{c} {centre_names.get(c, '')}",
                                key=f"{prefix}_ccs", help=ctx.t(help_key))
        return chosen, []
    if role is Role.EMPLOYEE:
        chosen = st.multiselect(ctx.t("users.subscriptions"), options=list(sub_labels),
                                default=[s for s in subs if s in sub_labels],
                                format_func=lambda s: sub_labels.get(s, s), key=f"{prefix}_subs")
        return [], chosen
    return [], []


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
            ccs, subs = _grant_inputs(f"edit_{chosen_id}", Role(role),
                                      [c for c in row["cost_centres"].split(", ") if c],
                                      [s for s in row["subscriptions"].split(", ") if s])
            if own:
                st.caption(ctx.t("users.own_account"))
            c1, c2, c3 = st.columns(3)
            if c1.button(ctx.t("users.save"), type="primary", key="save_access", disabled=own):
                try:
                    update_access(ctx.user, ctx.db, chosen_id, role=role, cost_centres=ccs,
                                  subscriptions=subs)
                    _done("users.saved", name=row["name"])
                except AccountError as exc:
                    st.error(str(exc))
            toggle = "users.reactivate" if not row["active"] else "users.deactivate"
            if c2.button(ctx.t(toggle), key="toggle_active", disabled=own):
                try:
                    set_active(ctx.user, chosen_id, not row["active"])
                    _done("users.saved", name=row["name"])
                except AccountError as exc:
                    st.error(str(exc))
            if c3.button(ctx.t("users.reset_password"), key="reset_pw"):
                try:
                    change = reset_password(ctx.user, chosen_id)
                    st.session_state["_users_password"] = (change.account.email, change.temporary_password)
                    _done("users.saved", name=row["name"])
                except AccountError as exc:
                    st.error(str(exc))
            with st.expander(ctx.t("users.oidc_link")):
                st.caption(ctx.t("users.oidc_help"))
                with st.form(f"oidc_{chosen_id}"):
                    issuer = st.text_input(ctx.t("users.oidc_issuer"))
                    subject = st.text_input(ctx.t("users.oidc_subject"))
                    if st.form_submit_button(ctx.t("users.save")):
                        try:
                            link_oidc(ctx.user, chosen_id, issuer=issuer, subject=subject)
                            _done("users.saved", name=row["name"])
                        except AccountError as exc:
                            st.error(str(exc))

with tab_new:
    new_role = st.selectbox(ctx.t("users.role"), options=[r.value for r in MANAGEABLE_ROLES],
                            index=[r.value for r in MANAGEABLE_ROLES].index(Role.EMPLOYEE.value),
                            format_func=_role_label, key="new_role")
    with st.form("new_user", clear_on_submit=False):
        name = st.text_input(ctx.t("users.name"), key="new_name")
        email = st.text_input(ctx.t("users.email"), key="new_email")
        new_ccs, new_subs = _grant_inputs("new", Role(new_role))
        st.caption(ctx.t("users.new_password_help"))
        if st.form_submit_button(ctx.t("users.create"), type="primary"):
            try:
                change = create_user(ctx.user, ctx.db, org_id=org_id, email=email, name=name,
                                     role=new_role, cost_centres=new_ccs, subscriptions=new_subs)
                st.session_state["_users_password"] = (change.account.email, change.temporary_password)
                _done("users.created", name=change.account.name)
            except AccountError as exc:
                st.error(str(exc))

with tab_log:
    log = audit_trail(ctx.user, org_id)
    show_table(log, lang=lang, key="audit_table", report="audit")
