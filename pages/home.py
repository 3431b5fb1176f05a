"""Home: the organisation, the data period and headline figures within the user's scope."""

import streamlit as st

from reporting.i18n import fmt_money, fmt_month, fmt_number, fmt_signed_percent, is_missing
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.loaders import organisations_overview
from reporting.ui.navigation import page
from reporting.ui.readable import show_readable, team_bar_chart
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("home")
st.title(ctx.t("page.home.title"))

# -- the operator: every organisation's headline figures (the catalogue's, on a store root) ---
overview = organisations_overview(ctx.user)
if overview is not None and len(overview):
    with st.expander(ctx.t("home.organisations", count=fmt_number(len(overview), ctx.lang)), expanded=False):
        st.caption(ctx.t("home.organisations_caption"))
        show_readable(overview, lang=ctx.lang, key="home_organisations", report="organisations-overview",
                      hide=("org_id",),
                      formats={"cost_last_month": "money", "cost_prev_month": "money",
                               "change_prev_month": "pct", "lines_last_month": "num0", "months": "num0"})

ctx.stop_if_no_scope()

head = load_report("home-headline", ctx.scope)
if head.empty or head.at[0, "last_month"] is None:
    st.info(ctx.t("common.no_data_in_scope"))
    st.stop()
row = head.iloc[0]
lang = ctx.lang

st.subheader(plain(row.org_name))
st.caption(" · ".join([
    ctx.t("home.business_id", value=row.business_id),
    ctx.t("home.period", first=fmt_month(row.first_month, lang), last=fmt_month(row.last_month, lang)),
]))
if ctx.scope.whole_organisation:
    st.caption(ctx.t("home.scope.whole"))
elif ctx.scope.subscriptions is not None:
    st.caption(ctx.t("home.scope.subscriptions", count=len(ctx.scope.subscriptions)))
else:
    st.caption(ctx.t("home.scope.centres", codes=", ".join(sorted(ctx.scope.cost_centres or ()))))

st.markdown(f"#### {ctx.t('home.headline_month', month=fmt_month(row.month, lang))}")
delta = (None if is_missing(row.change_prev_month) else
         ctx.t("common.vs_prev_month", delta=fmt_signed_percent(row.change_prev_month, lang)))
unchanged = not is_missing(row.change_prev_month) and round(float(row.change_prev_month), 3) == 0
cost = Kpi(ctx.t("home.cost"), fmt_money(row.cost_month, lang), delta,
           "off" if unchanged else "inverse", delta_arrow="off" if unchanged else "auto")
usage = [
    Kpi(ctx.t("home.data"), fmt_number(row.data_gb, lang, 1)),
    Kpi(ctx.t("home.voice"), fmt_number(row.voice_min, lang)),
    Kpi(ctx.t("home.messages"), fmt_number(row.messages, lang)),
]
if ctx.scope.subscriptions is not None:
    # an employee: their own month (a count of subscriptions and a cost per one says nothing
    # to a person with one or two), and the way to their own page
    kpi_row([cost, *usage])
    st.page_link(page("my_usage").path, label=ctx.t("home.my_usage_link"),
                 icon=":material/smartphone:")
else:
    kpi_row([
        cost,
        Kpi(ctx.t("home.active_subscriptions"), fmt_number(row.active_subscriptions, lang)),
        Kpi(ctx.t("home.cost_per_subscription"), fmt_money(row.cost_per_subscription, lang)),
    ])
    kpi_row(usage)
if row.services:
    kpi_row([
        Kpi(ctx.t("home.services"), fmt_number(row.services, lang)),
        Kpi(ctx.t("home.ongoing_incidents"), fmt_number(row.ongoing_incidents, lang)),
        Kpi(ctx.t("home.open_tickets"), fmt_number(row.open_tickets, lang)),
    ])

# -- a manager: their centres and their people ----------------------------------------------
if not ctx.scope.whole_organisation and ctx.scope.subscriptions is None:
    centres = load_report("team-centres", ctx.scope, month=row.month)
    if not centres.empty:
        st.markdown(f"#### {ctx.t('home.team.centres', month=fmt_month(row.month, lang))}")
        # the chart over the table: side by side, the table's change column fell off at 1440 px
        team_bar_chart(centres, lang, key="home_team_chart")
        show_readable(centres, lang=lang, key="home_team_centres", report="team-centres",
                      hide=("cost_prev_month",),
                      formats={"cost_month": "money", "cost_prev_month": "money",
                               "change_prev_month": "pct", "subscriptions": "num0"})
    people = load_report("team-people", ctx.scope, month=row.month)
    if not people.empty:
        st.markdown(f"#### {ctx.t('home.team.people', month=fmt_month(row.month, lang))}")
        show_readable(people, lang=lang, key="home_team_people", report="team-people",
                      formats={"amount": "money"})
