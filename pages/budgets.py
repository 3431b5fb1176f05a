"""Budgets: budget vs actual (closed months) or the month-end forecast (the open month) per
cost centre and for the organisation, the year to date, and the main user's budget sheet.
Rules: reporting.budgets.reports (figures) and reporting.budgets.store (the sheet)."""

import datetime as dt

import streamlit as st

from reporting.access.permissions import may_manage_org
from reporting.budgets.store import CELL_PATTERN, MONTH_COLUMNS, BudgetError, save_year, sheet_budgets
from reporting.i18n import fmt_money, fmt_month, fmt_number
from reporting.ui.cache import load_report
from reporting.ui.charts import budget_bars
from reporting.ui.context import page_context
from reporting.ui.drill import label_codes, report_table
from reporting.ui.loaders import budget_sheet
from reporting.ui.tables import download_buttons
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row

ctx = page_context("budgets")
lang = ctx.lang
st.title(ctx.t("page.budgets.title"))
ctx.stop_if_no_scope()
st.caption(ctx.t("budgets.intro"))

MONEY = {c: "money" for c in ("budget", "actual", "forecast", "difference", "budget_ytd", "actual_ytd",
                              "forecast_fixed", "forecast_variable_to_date")}
MONEY["used_pct"] = "num1"

months = load_report("budget-months", ctx.scope)
if months.empty:
    st.info(ctx.t("budgets.none"))
else:
    is_open = dict(zip(months.month, months.open, strict=True))
    # the open month, or the newest month with a budget when the open month has none
    with_budget = [i for i, has in enumerate(months.has_budget) if has]
    month = st.selectbox(
        ctx.t("budgets.month"), list(months.month), key="budgets_month", index=with_budget[0] if with_budget else 0,
        format_func=lambda m: ctx.t("budgets.month_open", month=fmt_month(m, lang)) if is_open[m]
        else fmt_month(m, lang))
    df = load_report("budget-vs-actual", ctx.scope, month=month)
    if df.empty:
        st.info(ctx.t("budgets.none_for_month", month=fmt_month(month, lang)))
    else:
        top = df.iloc[0]
        closed = bool(top.month_closed)
        kpi_row([
            Kpi(ctx.t("budgets.kpi.budget", month=fmt_month(month, lang)), fmt_money(top.budget, lang)),
            Kpi(ctx.t("budgets.kpi.actual" if closed else "budgets.kpi.forecast"),
                fmt_money(top.actual if closed else top.forecast, lang),
                delta=fmt_money(top.difference, lang), delta_color="inverse"),
            Kpi(ctx.t("budgets.kpi.used"), f"{fmt_number(top.used_pct, lang, 1)}\u00a0%"),
            Kpi(ctx.t("budgets.kpi.ytd" if closed else "budgets.kpi.ytd_open"), fmt_money(top.actual_ytd, lang),
                delta=ctx.t("budgets.kpi.ytd_budget", budget=fmt_money(top.budget_ytd, lang)), delta_color="off"),
        ])
        if not closed:
            fixed, variable = fmt_money(top.forecast_fixed, lang), fmt_money(top.forecast_variable_to_date, lang)
            st.caption(ctx.t("budgets.forecast_rule", fixed=fixed, variable=variable,
                             days_in_month=int(top.days_in_month), days_billed=int(top.days_billed))
                       if top.days_billed else ctx.t("budgets.forecast_rule_no_days", fixed=fixed))
        if (df.budget_source == "year").any():
            st.caption(ctx.t("budgets.year_rule"))
        shown = df.assign(cost_centre_name=[
            ctx.t("budgets.organisation") if not isinstance(c, str) else n
            for c, n in zip(df.cost_centre, df.cost_centre_name, strict=True)])
        st.plotly_chart(budget_bars(shown, lang=lang, closed=closed, title=ctx.t("budgets.chart_title")),
                        width="stretch", key="budgets_chart")
        st.markdown(f"#### {ctx.t('budgets.table_heading')}")
        # a closed month's forecast is its actual; an open month has no actual yet
        hide = ("month_closed",) + (("forecast", "forecast_fixed", "forecast_variable_to_date", "days_billed",
                                     "days_in_month") if closed else ("actual",))
        report_table(label_codes(shown, lang, status="budget.status", budget_source="budget.source"),
                     lang=lang, key="budgets_table", report="budget-vs-actual", formats=MONEY, hide=hide,
                     downloads=False)
        # the downloads keep the report's codes (as `python -m reporting export` gives them)
        download_buttons(df.drop(columns=list(hide)), lang=lang, key="budgets_table", report="budget-vs-actual",
                         parts=(month.strftime("%Y-%m"),))

# ------------------------------------------------------------------ the main user's sheet
this_year = (months.month.iloc[0] if not months.empty else dt.date.today()).year
years = list(range(this_year - 1, this_year + 2))
if may_manage_org(ctx.user, ctx.scope.org_id):
    st.markdown(f"#### {ctx.t('budgets.editor_heading')}")
    st.caption(ctx.t("budgets.editor_help"))
    if saved := st.session_state.pop("budgets_saved", None):
        st.success(saved)
    year = st.selectbox(ctx.t("budgets.editor_year"), years, index=1, key="budgets_year")
    sheet = budget_sheet(ctx.user, ctx.scope.org_id, year)
    # amounts as text in the language's format (1 234,50), an empty cell where there is none
    cells = ["year_budget", *MONTH_COLUMNS]
    shown = sheet.assign(
        cost_centre=sheet.cost_centre.astype(object).where(sheet.cost_centre.notna(), ""),
        cost_centre_name=[ctx.t("budgets.organisation") if not isinstance(c, str) else n
                          for c, n in zip(sheet.cost_centre, sheet.cost_centre_name, strict=True)],
        **{col: ["" if v != v else fmt_number(v, lang, 2) for v in sheet[col]] for col in cells})
    month_labels = {col: fmt_month(dt.date(year, i, 1), lang, short=True) for i, col in enumerate(MONTH_COLUMNS, 1)}
    cell = CELL_PATTERN[lang]
    edited = st.data_editor(
        shown, key=f"budgets_sheet_{year}", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["cost_centre", "cost_centre_name"],
        column_config={
            "cost_centre": st.column_config.TextColumn(ctx.t("col.cost_centre"), pinned=True),
            "cost_centre_name": st.column_config.TextColumn(ctx.t("col.cost_centre_name"), pinned=True),
            "year_budget": st.column_config.TextColumn(ctx.t("col.year_budget"), validate=cell),
            **{col: st.column_config.TextColumn(label, validate=cell) for col, label in month_labels.items()},
        })
    if st.button(ctx.t("budgets.save"), key="budgets_save", type="primary"):
        try:
            wanted = sheet_budgets(edited, year, lang)
            if wanted == sheet_budgets(shown, year, lang):
                st.info(ctx.t("budgets.unchanged"))
            else:
                n = save_year(ctx.db, ctx.user, ctx.scope.org_id, year, wanted)
                # run again so that the figures above read the new budgets
                st.session_state["budgets_saved"] = ctx.t("budgets.saved", year=year, n=n)
                st.rerun()
        except BudgetError as exc:
            st.error(plain(ctx.t(exc.key, **exc.values)))
    st.caption(ctx.t("budgets.import_hint"))
