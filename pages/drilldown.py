"""Drill-down: organisation → cost centre (through the hierarchy) → subscription → its
invoice lines and daily usage for a month → that day's usage rows. Select a bar or a table row
to go down; the breadcrumbs go back up. The position is in the URL (bookmarkable); each step is
one browser history entry, so Back goes up one level and Forward down again
(reporting/ui/drill.py)."""

import streamlit as st

from reporting.costs.categories import CATEGORY_MONEY_COLUMNS
from reporting.i18n import fmt_date, fmt_money, fmt_month
from reporting.ui.cache import load_report
from reporting.ui.charts import daily_usage, monthly_bars, ranked_bars
from reporting.ui.context import page_context
from reporting.ui.drill import (
    DRILL_CENTRE,
    DRILL_DAY,
    DRILL_MONTH,
    DRILL_SUB,
    centre_names,
    drill_on_select,
    drill_state,
    parse_day,
    report_table,
    selected_custom,
    selected_row,
    set_drill,
)
from reporting.ui.filters import month_key, parse_month_key, report_filters
from reporting.ui.text import plain
from reporting.ui.widgets import kpi_values

ctx = page_context("drilldown")
lang = ctx.lang
st.title(ctx.t("page.drilldown.title"))

ctx.stop_if_no_scope()

flt = report_filters(ctx.scope, lang)
if not flt.months:
    st.info(ctx.t("common.no_data_in_scope"))
    st.stop()
fkw = flt.kwargs()
state = drill_state()

# -- where are we: every id from the URL is checked against the scope (in SQL) ---------------
path = load_report("cost-centre-path", ctx.scope, code=state[DRILL_CENTRE]) if state[DRILL_CENTRE] else None
if state[DRILL_CENTRE] and (path is None or path.empty):
    st.warning(ctx.t("drill.not_found_centre", code=plain(state[DRILL_CENTRE])))
    state[DRILL_CENTRE] = None
    path = None
sub = load_report("subscription-details", ctx.scope, subscription=state[DRILL_SUB]) if state[DRILL_SUB] else None
if state[DRILL_SUB] and (sub is None or sub.empty):
    st.warning(ctx.t("drill.not_found_subscription", sub=plain(state[DRILL_SUB])))
    state[DRILL_SUB] = None
    sub = None
month = parse_month_key(state[DRILL_MONTH]) if state[DRILL_SUB] else None
day = parse_day(state[DRILL_DAY], month)


def _go(**values):
    set_drill(**values)


# -- breadcrumbs -------------------------------------------------------------------------------
crumbs: list[tuple[str, dict]] = [(ctx.t("drill.crumb.organisation"), {})]
if path is not None:
    for r in path.itertuples():
        crumbs.append((f"{r.cost_centre} {r.cost_centre_name}", {"centre": r.cost_centre}))
if sub is not None:
    s = sub.iloc[0]
    crumbs.append((f"{s.user_name or s.subscription_id} ({s.subscription_id})",
                   {"centre": state[DRILL_CENTRE], "sub": s.subscription_id}))
    if month:
        crumbs.append((fmt_month(month, lang), {"centre": state[DRILL_CENTRE], "sub": s.subscription_id,
                                                "month": month_key(month)}))
    if day:
        crumbs.append((fmt_date(day, lang), {"centre": state[DRILL_CENTRE], "sub": s.subscription_id,
                                             "month": month_key(month), "day": day.isoformat()}))
with st.container(horizontal=True, key="drill_crumbs"):
    for i, (label, target) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        st.button(label, key=f"crumb_{i}", on_click=_go, kwargs=target, disabled=last,
                  type="tertiary", icon=":material/chevron_right:" if i else ":material/domain:")

period = ctx.t("drill.period", first=fmt_month(flt.month_from, lang, short=True),
               last=fmt_month(flt.month_to, lang, short=True))

# -- subscription level --------------------------------------------------------------------------
if sub is not None:
    s = sub.iloc[0]
    st.subheader(plain(f"{s.user_name or ''} · {s.phone_number or s.subscription_id}"))
    st.caption(ctx.t("drill.sub_caption", plan=plain(s.plan or "–"), centre=plain(f"{s.cost_centre or '–'} {s.cost_centre_name or ''}"),
                     type=ctx.t(f"service_type.{s.service_type}")))
    monthly = load_report("costs-by-month", ctx.scope, subscription=s.subscription_id, **fkw)
    st.markdown(f"#### {ctx.t('drill.sub_months', period=period)}")
    here = {"centre": state[DRILL_CENTRE], "sub": s.subscription_id}

    month_now = month_key(month) if month else None

    def _to_month(event):
        picked = selected_custom(event)
        return {**here, "month": picked} if picked and picked != month_now else None

    months_key = f"drill_months_{s.subscription_id}"
    st.plotly_chart(monthly_bars(monthly, lang=lang), width="stretch",
                    on_select=drill_on_select(months_key, _to_month),
                    selection_mode="points", key=months_key)
    if month is None:
        st.caption(ctx.t("drill.pick_month"))
        show_month = monthly.copy()

        def _to_month_row(event):
            row = selected_row(event, monthly)
            return None if row is None else {**here, "month": month_key(row.month.date())}

        rows_key = f"drill_month_rows_{s.subscription_id}"
        st.dataframe(show_month[["month", "amount"]].assign(
            month=show_month.month.map(lambda m: fmt_month(m, lang, short=True)),
            amount=show_month.amount.map(lambda v: fmt_money(v, lang))).rename(
            columns={"month": ctx.t("col.month"), "amount": ctx.t("col.amount")}),
            hide_index=True, on_select=drill_on_select(rows_key, _to_month_row), selection_mode="single-row",
            key=rows_key)
        st.stop()

    lines = load_report("invoice-lines", ctx.scope, month=month, subscription=s.subscription_id)
    st.markdown(f"#### {ctx.t('drill.lines_heading', month=fmt_month(month, lang))}")
    report_table(lines, lang=lang, key=f"drill_lines_{s.subscription_id}_{month_key(month)}",
               report="invoice-lines", formats={"amount": "money", "quantity": "num2"},
               hide=["user_name", "cost_centre", "service_type", "subscription_id"],
               export_parts=[s.subscription_id, month_key(month)])
    total = load_report("invoice-lines-kpis", ctx.scope, month=month, subscription=s.subscription_id)
    st.caption(ctx.t("drill.lines_total", total=fmt_money(kpi_values(total, amount=0.0)["amount"], lang)))

    daily = load_report("subscription-daily-usage", ctx.scope, subscription=s.subscription_id, month=month)
    st.markdown(f"#### {ctx.t('drill.daily_heading', month=fmt_month(month, lang))}")
    if day is None:
        st.caption(ctx.t("drill.pick_day"))
    here_month = {**here, "month": month_key(month)}

    day_now = day.isoformat() if day else None

    def _to_day(event):
        picked = selected_custom(event)
        return {**here_month, "day": picked} if picked and picked != day_now else None

    def _daily_select(key):
        return {"on_select": drill_on_select(key, _to_day), "selection_mode": "points", "key": key}

    tab_data, tab_voice, tab_sms = st.tabs([ctx.t("usage.data"), ctx.t("usage.voice"), ctx.t("usage.messages")])
    with tab_data:
        st.plotly_chart(daily_usage(daily, daily_col="data_gb",
                                    cumulative_col="data_gb_cumulative", allowance_col="data_allowance_gb",
                                    lang=lang, unit="gb", daily_name=ctx.t("usage.daily_gb"),
                                    cumulative_name=ctx.t("usage.cumulative"),
                                    allowance_name=ctx.t("usage.allowance")),
                        width="stretch", **_daily_select(f"drill_daily_data_{month_key(month)}"))
    with tab_voice:
        st.plotly_chart(daily_usage(daily, daily_col="voice_min", cumulative_col="voice_min_cumulative",
                                    allowance_col="voice_allowance_min", lang=lang, unit="min",
                                    daily_name=ctx.t("usage.daily_min"),
                                    cumulative_name=ctx.t("usage.cumulative"),
                                    allowance_name=ctx.t("usage.allowance")),
                        width="stretch", **_daily_select(f"drill_daily_voice_{month_key(month)}"))
    with tab_sms:
        st.plotly_chart(daily_usage(daily, daily_col="messages",
                                    cumulative_col="sms_cumulative", allowance_col="sms_allowance", lang=lang, unit="pcs",
                                    daily_name=ctx.t("usage.daily_messages"),
                                    cumulative_name=ctx.t("usage.cumulative"),
                                    allowance_name=ctx.t("usage.allowance")),
                        width="stretch", **_daily_select(f"drill_daily_sms_{month_key(month)}"))
    if day is not None:
        st.markdown(f"#### {ctx.t('drill.day_heading', day=fmt_date(day, lang))}")
        day_rows = load_report("subscription-day-usage", ctx.scope, subscription=s.subscription_id, day=day)
        if day_rows.empty:
            st.caption(ctx.t("drill.day_none"))
        else:
            report_table(day_rows, lang=lang, key=f"drill_day_{s.subscription_id}_{day.isoformat()}",
                         report="subscription-day-usage", formats={"quantity": "num2", "amount": "money"},
                         export_parts=[s.subscription_id, day.isoformat()])
    report_table(daily, lang=lang, key=f"drill_daily_{s.subscription_id}_{month_key(month)}",
               report="subscription-daily-usage",
               formats={c: "num2" for c in daily.columns if c != "usage_date"} | {"roaming_amount": "money"},
               export_parts=[s.subscription_id, month_key(month)])
    st.stop()

# -- organisation / cost centre level -----------------------------------------------------------
centre = state[DRILL_CENTRE]
children = load_report("cost-centre-children", ctx.scope, parent=centre, **fkw)
title = ctx.t("drill.centre_heading", centre=plain(crumbs[-1][0]), period=period)
st.subheader(title)
total = load_report("cost-centre-kpis", ctx.scope, parent=centre, **fkw)
st.metric(ctx.t("drill.total"), fmt_money(kpi_values(total, amount=0.0)["amount"], lang))
names = centre_names(children, lang)
drillable = names[names.drillable.astype(bool)]


def _to_centre(event):
    code = selected_custom(event)
    return {"centre": code} if code and code != centre else None


def _to_child_row(event):
    row = selected_row(event, names)
    ok = row is not None and isinstance(row.cost_centre, str) and row.cost_centre != centre
    return {"centre": row.cost_centre} if ok else None


def _to_subscription(event):
    row = selected_row(event, subs)
    return None if row is None else {"centre": centre, "sub": row.subscription_id}


level = centre or "root"
if len(children):
    st.plotly_chart(
        ranked_bars(drillable.head(25), label_col="cost_centre_name", value_col="amount",
                    id_col="cost_centre", lang=lang, labels=None),
        width="stretch", on_select=drill_on_select(f"drill_bars_{level}", _to_centre),
        selection_mode="points", key=f"drill_bars_{level}")
report_table(names, lang=lang, key=f"drill_children_{level}", report="cost-centre-children",
             formats={"amount": "money", "subscriptions": "num0"}, hide=["has_children", "drillable"],
             selection_mode="single-row", on_select=drill_on_select(f"drill_children_{level}", _to_child_row),
             export_parts=[centre or "org", *flt.export_parts()])

st.markdown(f"#### {ctx.t('drill.subs_heading')}")
centre_filter = (centre,) if centre else flt.cost_centres
subs = load_report("costs-by-subscription", ctx.scope, month_from=flt.month_from, month_to=flt.month_to,
                   cost_centres=centre_filter, service_types=flt.service_types, plans=flt.plans,
                   subscriptions_only=True)
report_table(subs, lang=lang, key=f"drill_subs_{level}", report="costs-by-subscription",
             formats={c: "money" for c in CATEGORY_MONEY_COLUMNS},
             selection_mode="single-row", on_select=drill_on_select(f"drill_subs_{level}", _to_subscription),
             export_parts=[centre or "org", *flt.export_parts()])
st.caption(ctx.t("drill.select_hint"))
