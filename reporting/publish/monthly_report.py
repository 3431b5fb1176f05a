"""The automatic monthly service report: one self-contained HTML file per organisation and
month (charts embedded, opens offline) plus the CSV file behind every table.

Every table is a registered report run for the organisation and month, so the report shows
the same figures a manager sees in the app and gets from `python -m reporting export`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.core.identifiers import path_inside
from reporting.core.months import add_months
from reporting.core.registry import all_reports
from reporting.core.templates import render
from reporting.costs.categories import CATEGORY_COLOURS, CHARGE_CATEGORIES
from reporting.i18n import fmt_date, fmt_datetime, fmt_money, fmt_month, fmt_number, fmt_percent, t
from reporting.publish.export import column_label, midnight_only, to_csv

ROW_LIMIT = 50          # rows shown per table in the HTML; the CSV holds them all


@dataclass(frozen=True)
class Section:
    key: str                         # file stem of the CSV and anchor in the HTML
    title: str                       # i18n key
    report: str                      # registered report name
    filters: Callable[[dt.date], dict]   # the report's filters for the month
    chart: Callable[[pd.DataFrame, str], go.Figure | None] | None = None
    sort_by: str | None = None       # column to sort descending before cutting to ROW_LIMIT


CATEGORY_COLUMNS = CHARGE_CATEGORIES


def _trend_chart(df: pd.DataFrame, lang: str) -> go.Figure | None:
    """24 months stacked by charge category (costs-by-month columns)."""
    if df.empty or "month" not in df.columns:
        return None
    labels = [fmt_month(m, lang, short=True) for m in df.month]
    fig = go.Figure()
    for col in CATEGORY_COLUMNS:
        colour = CATEGORY_COLOURS[col]         # the app's one colour per category
        if col in df.columns:
            values = df[col].astype(float).to_numpy()
            fig.add_bar(x=labels, y=values, name=t(f"category.{col}", lang), marker_color=colour,
                        hovertext=[fmt_money(v, lang) for v in values], hoverinfo="text+x+name")
    fig.update_layout(barmode="relative", height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      separators=",\u00a0" if lang == "fi" else ".,", legend={"orientation": "h"})
    fig.update_yaxes(title_text=t("chart.axis.eur", lang), tickformat=",.0f")
    return fig


def _one_month(month: dt.date) -> dict:
    return {"month_from": month, "month_to": month}


def _the_month(month: dt.date) -> dict:
    return {"month": month}


SECTIONS: tuple[Section, ...] = (
    Section("cost_overview", "monthly.section.overview", "cost-overview", _the_month),
    Section("costs_by_month", "monthly.section.trend", "costs-by-month",
            lambda m: {"month_from": add_months(m, -23), "month_to": m}, chart=_trend_chart),
    Section("costs_by_cost_centre", "monthly.section.cost_centres", "costs-by-cost-centre", _one_month,
            sort_by="amount_incl_sub_centres"),
    Section("cost_deviations", "monthly.section.deviations", "cost-deviations", _the_month),
    Section("usage_by_subscription", "monthly.section.usage", "usage-by-subscription", _one_month,
            sort_by="data_gb"),
    Section("roaming_by_country", "monthly.section.roaming", "roaming-by-country", _one_month,
            sort_by="amount"),
    Section("status_sla", "monthly.section.availability", "status-sla", _the_month),
    Section("tickets", "monthly.section.tickets", "tickets", _the_month),
    Section("optimisation", "monthly.section.optimisation", "optimisation", _the_month,
            sort_by="saving_month"),
)


def section_data(db: Database, scope: Scope, month: dt.date) -> dict[str, pd.DataFrame]:
    db = db.for_org(scope.org_id)
    reports = all_reports()
    missing = [s.report for s in SECTIONS if s.report not in reports]
    if missing:
        raise KeyError(f"reports not registered: {', '.join(missing)}")
    return {s.key: reports[s.report].func(db, scope, **s.filters(month)) for s in SECTIONS}


_MONEY_HINTS = ("amount", "cost", "saving", "fee", "price", "total", "refund")


def column_kind(col: str) -> str:
    """How a column is shown: month, money, share (a fraction shown as %), or plain."""
    name = col.lower()
    if name in ("month", "invoice_month", "judged_month"):
        return "month"
    if name in CATEGORY_COLUMNS or any(h in name for h in _MONEY_HINTS):
        return "money"
    if "share" in name or name.startswith("change_") and not name.endswith("_amount"):
        return "share"
    return "plain"


def _cell(value: object, kind: str, is_date: bool, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if kind == "month" and (is_date or isinstance(value, (dt.date, pd.Timestamp))):
        return fmt_month(value, lang, short=True)
    if is_date:
        return fmt_date(value, lang)
    if isinstance(value, pd.Timestamp):
        return fmt_datetime(value, lang)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        if kind == "money":
            return fmt_money(value, lang)
        if kind == "share":
            return fmt_percent(value, lang)
        digits = 0 if float(value).is_integer() else 2
        return fmt_number(value, lang, digits)
    return str(value)


def _table(df: pd.DataFrame, lang: str, sort_by: str | None) -> dict:
    """The table of a section: column labels, up to ROW_LIMIT rows of formatted cells, and the
    note on the rows left out."""
    if df.empty:
        return {"columns": [], "rows": [], "more": None}
    shown = df.sort_values(sort_by, ascending=False) if sort_by in df.columns else df
    shown = shown.head(ROW_LIMIT)
    dates = {c: pd.api.types.is_datetime64_any_dtype(df[c]) and midnight_only(df[c]) for c in df.columns}
    kinds = {c: column_kind(c) for c in df.columns}
    rows = [[_cell(v, kinds[c], dates[c], lang) for c, v in zip(shown.columns, row, strict=True)]
            for row in shown.itertuples(index=False)]
    more = t("monthly.more_rows", lang, shown=ROW_LIMIT, total=len(df)) if len(df) > ROW_LIMIT else None
    return {"columns": [column_label(c, lang) for c in shown.columns], "rows": rows, "more": more}


TEMPLATES = Path(__file__).parent / "templates"


def render_html(org_name: str, business_id: str, month: dt.date, data: dict[str, pd.DataFrame],
                lang: str, generated: dt.datetime) -> str:
    """The report page (templates/monthly_report.html): every text escaped by the template;
    the charts are Plotly's own markup, the first with plotly.js inline so the file opens offline."""
    sections = []
    plotly_included = False
    for section in SECTIONS:
        df = data[section.key]
        chart = None
        if section.chart is not None:
            fig = section.chart(df, lang)
            if fig is not None:
                # the same look whatever process renders it (importing Streamlit changes
                # Plotly's default template: the e-mailed report would differ from the CLI's)
                fig.update_layout(template="plotly")
                chart = Markup(pio.to_html(fig, full_html=False, include_plotlyjs=not plotly_included,
                                           config={"displaylogo": False}))
                plotly_included = True
        sections.append({"key": section.key, "title": t(section.title, lang), "chart": chart,
                         **_table(df, lang, section.sort_by)})
    return render(TEMPLATES, "monthly_report.html", lang=lang, title=t("monthly.title", lang),
                  org_name=org_name, business_id=business_id, month=fmt_month(month, lang),
                  generated=t("monthly.generated", lang, when=fmt_datetime(generated, lang)),
                  sections=sections, empty=t("monthly.empty", lang), csv=t("monthly.csv", lang))


def write_monthly_report(db: Database, org_id: str, month: dt.date, out_dir: Path,
                         lang: str = "fi", generated: dt.datetime | None = None) -> Path:
    """Write <out_dir>/<org>_<yyyy-mm>/report.html and one CSV per section; return the folder.
    The folder is always directly inside ``out_dir``: an organisation id that would name
    anything else (``../x``, a separator) raises ValueError before anything is written."""
    db = db.for_org(org_id)
    org = db.rows("SELECT name, business_id FROM organisations WHERE org_id = ?", [org_id])
    if not org:
        raise KeyError(f"no organisation {org_id!r}")
    folder = path_inside(Path(out_dir), f"{org_id}_{month:%Y-%m}")
    data = section_data(db, Scope.organisation(org_id), month)
    folder.mkdir(parents=True, exist_ok=True)
    for key, df in data.items():
        (folder / f"{key}.csv").write_bytes(to_csv(df))
    generated = generated or dt.datetime.now().replace(microsecond=0)
    (folder / "report.html").write_text(
        render_html(org[0][0], org[0][1], month, data, lang, generated), encoding="utf-8")
    return folder
