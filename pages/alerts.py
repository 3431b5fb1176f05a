"""Alerts: what the user's rules (or, for the main user, the organisation's) have fired, with
their read state, and the rules themselves. Rules: reporting.alerts."""

import streamlit as st

from reporting.access.scope import Role
from reporting.alerts.inbox import alerts_for, mark_read
from reporting.alerts.rules import (
    KINDS,
    NEEDS_THRESHOLD,
    ORG_ONLY,
    RuleError,
    add_rule,
    remove_rule,
    rules_for,
    threshold_text,
)
from reporting.i18n import code_label
from reporting.publish.mail import may_subscribe, set_subscription, subscribed
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.drill import label_codes
from reporting.ui.tables import show_table
from reporting.ui.text import plain

ALERT_ROW_HEIGHT = 66      # px; Streamlit wraps a cell's text only in rows taller than 4rem

ctx = page_context("alerts")
lang = ctx.lang
st.title(ctx.t("page.alerts.title"))
ctx.stop_if_no_scope()
st.caption(ctx.t("alerts.intro"))
org = ctx.scope.org_id

if done := st.session_state.pop("alerts_done", None):
    st.success(done)

alerts = alerts_for(ctx.user, org, lang)
if alerts.empty:
    st.info(ctx.t("alerts.none"))
else:
    unread = alerts[~alerts.is_read.astype(bool)]
    st.markdown(f"**{ctx.t('alerts.unread', n=len(unread))}**")
    # an alert's sentence is longer than a line of the table at 1440 px: rows of two lines wrap it
    show_table(label_codes(alerts.drop(columns=["alert_id"]), lang, alert_kind="alerts.kind"), lang=lang,
               key="alerts_table", report="alerts", downloads=False, row_height=ALERT_ROW_HEIGHT)
    if len(unread) and st.button(ctx.t("alerts.mark_read"), key="alerts_mark_read"):
        n = mark_read(ctx.user, unread.alert_id.tolist(), org)
        st.session_state["alerts_done"] = ctx.t("alerts.marked", n=n)
        st.rerun()

if may_subscribe(ctx.user, org):
    on = subscribed(ctx.user, org)
    wanted = st.toggle(ctx.t("alerts.monthly_toggle"), value=on, key="alerts_monthly",
                       help=ctx.t("alerts.monthly_help", email=plain(ctx.user.email)))
    if wanted != on:
        set_subscription(ctx.user, org, wanted, lang)

if ctx.user.role is Role.ANALYST:     # an analyst reads and subscribes; rules are set by others
    st.stop()

st.markdown(f"#### {ctx.t('alerts.rules_heading')}")
rules = rules_for(ctx.user, org)
if rules.empty:
    st.caption(ctx.t("alerts.rules_none"))
else:
    shown = rules.assign(cost_centre=[c if isinstance(c, str) else ctx.t("alerts.whole_org") for c in rules.cost_centre],
                         threshold=[threshold_text(k, v, lang) for k, v in zip(rules.alert_kind, rules.threshold,
                                                                                strict=True)])
    show_table(label_codes(shown, lang, alert_kind="alerts.kind"), lang=lang, key="alerts_rules",
               report="alert-rules", downloads=False)
    pick = st.selectbox(ctx.t("alerts.remove_pick"), rules.rule_id.tolist(), key="alerts_remove_pick",
                        format_func=lambda i: f"{i} · " + code_label(
                            "alerts.kind", rules.loc[rules.rule_id == i, "alert_kind"].iloc[0], lang))
    if st.button(ctx.t("alerts.remove"), key="alerts_remove"):
        try:
            remove_rule(ctx.user, org, int(pick))
        except RuleError as exc:
            st.error(plain(ctx.t(exc.key, **exc.values)))
        else:
            st.session_state["alerts_done"] = ctx.t("alerts.removed")
            st.rerun()

st.markdown(f"#### {ctx.t('alerts.add_heading')}")
options = load_report("cost-filter-options", ctx.scope)
centres = {r.value: r.label for r in options[options.kind == "cost_centre"].itertuples()}
manages = ctx.scope.cost_centres is None
with st.form("alerts_add", clear_on_submit=True, border=True):
    kinds = [k for k in KINDS if manages or k not in ORG_ONLY]
    kind = st.selectbox(ctx.t("alerts.field.kind"), kinds, key="alerts_kind",
                        format_func=lambda k: ctx.t(f"alerts.kind.{k}"))
    choices = ([""] if manages else []) + list(centres)
    centre = st.selectbox(ctx.t("alerts.field.centre"), choices, key="alerts_centre",
                          format_func=lambda c: ctx.t("alerts.whole_org") if not c else plain(centres.get(c, c)))
    threshold = st.text_input(ctx.t("alerts.field.threshold"), key="alerts_threshold",
                              help=ctx.t("alerts.field.threshold_help"))
    if st.form_submit_button(ctx.t("alerts.add"), type="primary", key="alerts_add_submit"):
        try:
            add_rule(ctx.user, org, kind, centre or None, threshold if kind in NEEDS_THRESHOLD else None,
                     lang=lang, known_centres=set(centres))
        except RuleError as exc:
            st.error(plain(ctx.t(exc.key, **exc.values)))
        else:
            st.session_state["alerts_done"] = ctx.t("alerts.added")
            st.rerun()
