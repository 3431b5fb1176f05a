"""Plotly figure builders for the report pages (no Streamlit here). Each takes a report's
DataFrame (canonical columns) and already translated labels; ``customdata`` carries the
identifier a selection drills into.

One look everywhere: a charge category, a service type, a roaming zone and a service status
each have ONE colour (``series_colour``; categories from reporting.costs.categories, statuses
in ``STATUS_COLOURS``), whatever the chart or the view; number separators follow the language
(1 234,5 in Finnish, 1,234.5 in English) and axis numbers are written out in full (never
"25k"); every value axis has a title with its unit (``axis_title``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from reporting.costs.categories import CATEGORY_COLOURS
from reporting.i18n import fmt_money, fmt_month, fmt_number, t
from reporting.ui.text import hover

PALETTE = ("#0b5cab", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
ACCENT = PALETTE[0]                  # a single-series chart (costs by month, ranked bars)
TOTAL_COLOUR, LIMIT_COLOUR = "#f28e2b", "#d62728"     # running totals, allowances

SERVICE_TYPE_COLOURS = {"mobile_voice": "#0b5cab", "mobile_broadband": "#59a14f", "m2m": "#edc948",
                        "fixed_voice": "#b07aa1", "other": "#9c755f", None: "#bab0ac"}
ZONE_COLOURS = {"eu_eea": "#0b5cab", "rest_of_world": "#d62728"}
# the service statuses (status page, uptime bars): green ... red
STATUS_COLOURS = {"operational": "#2e9d4f", "maintenance": "#3b7dd8", "degraded": "#e3b400",
                  "partial_outage": "#ef7d16", "major_outage": "#d62728"}
SERIES_COLOURS: dict[str, Mapping] = {"category": CATEGORY_COLOURS, "service_type": SERVICE_TYPE_COLOURS,
                                      "zone": ZONE_COLOURS, "status": STATUS_COLOURS}

# plotly's separators: decimal mark then thousands mark (Finnish: comma and a no-break space)
SEPARATORS = {"fi": ",\u00a0", "en": ".,"}
MONEY_TICKS = ",.0f"           # 25 000 / 25,000 (d3-format; never SI "25k")
NUMBER_TICKS = ",.2~f"         # 0,35 / 1 234,5: up to two decimals, trailing zeros dropped


def series_colour(kind: str, code: object, index: int = 0) -> str:
    """The one colour of ``code`` of ``kind`` (category, service_type, zone, status); a code
    outside the vocabularies (a cost centre) takes the palette by its position."""
    colours = SERIES_COLOURS.get(kind, {})
    key = None if isinstance(code, float) and code != code else code
    return colours.get(key) or PALETTE[index % len(PALETTE)]


def axis_title(unit: str, lang: str) -> str:
    """A value axis' title with its unit: ``eur`` (Kustannus, € (alv 0 %)), ``gb``, ``min``,
    ``pcs`` (messages)."""
    return t(f"chart.axis.{unit}", lang)


def _layout(fig: go.Figure, *, lang: str, height: int = 360, barmode: str | None = None,
            legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, barmode=barmode,
        showlegend=legend, legend={"orientation": "h", "y": -0.15},
        separators=SEPARATORS.get(lang, SEPARATORS["fi"]), hovermode="closest", clickmode="event+select",
    )
    return fig


def stacked_trend(df: pd.DataFrame, *, group: str, lang: str, label: Callable[[object], str],
                  value: str = "amount", title: str | None = None) -> go.Figure:
    """Monthly stacked bars: x = month, one trace per value of ``group`` in its one colour;
    customdata = month."""
    fig = go.Figure()
    data = df.copy()
    data[group] = data[group].astype(object).where(data[group].notna(), None)
    months = sorted(data["month"].unique())
    x = [fmt_month(m, lang, short=True) for m in months]
    groups = list(dict.fromkeys(data[group].tolist()))
    for i, g in enumerate(groups):
        part = data[data[group].isna()] if g is None else data[data[group] == g]
        by_month = part.groupby("month")[value].sum()
        y = [float(by_month.get(m, 0.0)) for m in months]
        fig.add_bar(x=x, y=y, name=hover(label(g)), marker_color=series_colour(group, g, i),
                    customdata=[pd.Timestamp(m).strftime("%Y-%m") for m in months],
                    hovertext=[fmt_money(v, lang) for v in y],
                    hovertemplate="%{x}: %{hovertext}<extra>" + hover(label(g)) + "</extra>")
    fig.update_layout(title=title)
    fig.update_yaxes(title_text=axis_title("eur", lang), tickformat=MONEY_TICKS)
    return _layout(fig, lang=lang, barmode="relative")


def ranked_bars(df: pd.DataFrame, *, label_col: str, value_col: str, id_col: str, lang: str,
                labels: Mapping[object, str] | None = None, title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Horizontal bars, largest on top; customdata = the row's identifier (for drilling)."""
    data = df.sort_values(value_col, ascending=True)
    names = [hover(labels.get(i, str(n)) if labels else str(n))
             for i, n in zip(data[id_col], data[label_col], strict=True)]
    fig = go.Figure(go.Bar(
        x=data[value_col].astype(float), y=names, orientation="h", marker_color=ACCENT,
        customdata=[None if pd.isna(v) else str(v) for v in data[id_col]],
        text=[fmt_money(v, lang) for v in data[value_col]], textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fig.update_layout(title=title)
    fig.update_xaxes(title_text=axis_title("eur", lang), tickformat=MONEY_TICKS)
    return _layout(fig, lang=lang, height=height or max(220, 34 * len(data) + 60), legend=False)


def monthly_bars(df: pd.DataFrame, *, lang: str, value_col: str = "amount",
                 title: str | None = None, height: int = 360) -> go.Figure:
    """One bar per month (money); customdata = YYYY-MM (for drilling into a month)."""
    fig = go.Figure(go.Bar(
        x=[fmt_month(m, lang, short=True) for m in df["month"]], y=df[value_col].astype(float),
        customdata=[pd.Timestamp(m).strftime("%Y-%m") for m in df["month"]],
        marker_color=ACCENT, text=[fmt_money(v, lang) for v in df[value_col]],
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.update_layout(title=title)
    fig.update_yaxes(title_text=axis_title("eur", lang), tickformat=MONEY_TICKS)
    return _layout(fig, lang=lang, height=height, legend=False)


def daily_usage(df: pd.DataFrame, *, cumulative_col: str, allowance_col: str, daily_col: str,
                lang: str, daily_name: str, cumulative_name: str, allowance_name: str,
                unit: str, scale: float = 1.0, title: str | None = None) -> go.Figure:
    """Daily bars, the running total and the plan's allowance as a horizontal line; ``unit``
    (gb, min, pcs) titles the value axis; customdata = the day (YYYY-MM-DD, for drilling)."""
    x = list(pd.to_datetime(df["usage_date"]))
    fig = go.Figure()
    fig.add_bar(x=x, y=df[daily_col].astype(float) / scale, name=daily_name, marker_color=ACCENT,
                customdata=[d.date().isoformat() for d in x])     # the day a selection opens
    fig.add_scatter(x=x, y=df[cumulative_col].astype(float), name=cumulative_name, mode="lines",
                    line={"color": TOTAL_COLOUR, "width": 3})
    allowance = df[allowance_col].dropna()
    if len(allowance):
        fig.add_scatter(x=x, y=[float(allowance.iloc[0])] * len(x), name=allowance_name, mode="lines",
                        line={"color": LIMIT_COLOUR, "dash": "dash"})
    fig.update_layout(title=title)
    fig.update_xaxes(tickformat="%-d.%-m." if lang == "fi" else "%-d %b")
    fig.update_yaxes(title_text=axis_title(unit, lang), tickformat=NUMBER_TICKS)
    return _layout(fig, lang=lang)


def grouped_bars(df: pd.DataFrame, *, x_col: str, y_col: str, group_col: str,
                 x_label: Callable[[object], str], group_label: Callable[[object], str],
                 lang: str, unit: str, title: str | None = None, stacked: bool = True) -> go.Figure:
    """Bars of ``y_col`` by ``x_col``, one trace per ``group_col`` value (in its one colour
    when the group is a vocabulary: service type, zone, category); ``unit`` (eur, gb, min,
    pcs) titles the value axis and sets the hover text's format."""
    fig = go.Figure()
    for i, g in enumerate(dict.fromkeys(df[group_col].tolist())):
        part = df[df[group_col] == g]
        values = part[y_col].astype(float)
        text = [fmt_money(v, lang) if unit == "eur" else fmt_number(v, lang, 0 if unit != "gb" else 1)
                for v in values]
        fig.add_bar(x=[x_label(v) for v in part[x_col]], y=values, name=hover(group_label(g)),
                    marker_color=series_colour(group_col, g, i), hovertext=text,
                    hovertemplate="%{x}: %{hovertext}<extra>" + hover(group_label(g)) + "</extra>",
                    customdata=[str(v) for v in part[x_col]])
    fig.update_layout(title=title)
    fig.update_yaxes(title_text=axis_title(unit, lang), tickformat=MONEY_TICKS if unit == "eur" else NUMBER_TICKS)
    return _layout(fig, lang=lang, barmode="stack" if stacked else "group")


def budget_bars(df: pd.DataFrame, *, lang: str, closed: bool, title: str | None = None) -> go.Figure:
    """Horizontal bars per budget row (``cost_centre_name``): the month budget beside the
    actual (``closed``) or the month-end forecast, the latter red where it is over budget."""
    data = df.iloc[::-1]
    names = [hover(n if isinstance(n, str) else c) for n, c in zip(data.cost_centre_name, data.cost_centre, strict=True)]
    value = data["actual" if closed else "forecast"].astype(float)
    over = value > data["budget"].astype(float)
    label = t("col.actual" if closed else "col.forecast", lang)
    fig = go.Figure()
    fig.add_bar(x=data["budget"].astype(float), y=names, orientation="h", name=hover(t("col.budget", lang)),
                marker_color="#9aa5b1", hovertext=[fmt_money(v, lang) for v in data["budget"]],
                hovertemplate="%{y}: %{hovertext}<extra>" + hover(t("col.budget", lang)) + "</extra>")
    fig.add_bar(x=value, y=names, orientation="h", name=hover(label),
                marker_color=[PALETTE[3] if o else ACCENT for o in over],
                hovertext=[fmt_money(v, lang) for v in value],
                hovertemplate="%{y}: %{hovertext}<extra>" + hover(label) + "</extra>")
    fig.update_layout(title=title)
    fig.update_xaxes(title_text=axis_title("eur", lang), tickformat=MONEY_TICKS)
    return _layout(fig, lang=lang, height=max(240, 56 * len(data) + 80), barmode="group")


def delivery_months(df: pd.DataFrame, *, lang: str, height: int = 320) -> go.Figure:
    """The service-order delivery report by month: the share delivered on time as bars (0-100
    %) and the median delivery and promised times in days as lines on a second axis.

    Months are short on the axis (12/2025, Dec 2025): a year of "December 2025" was tilted
    and cut under the legend at 1440 px. The days axis has whole steps of its own (0, 2, 4 ...
    12) without a second grid, not ticks at fifths of its autorange (2.14, 4.29 ...)."""
    months = [fmt_month(m, lang, short=True) for m in df["month"]]
    top = df[["median_delivery_days", "median_promised_days"]].astype(float).max().max()
    share = (df["on_time_share"].astype(float) * 100).round(1)
    fig = go.Figure()
    fig.add_bar(x=months, y=share, name=hover(t("col.on_time_share", lang)), marker_color=ACCENT,
                hovertext=[fmt_number(v, lang, 1) + " %" for v in share],
                hovertemplate="%{x}: %{hovertext}<extra></extra>")
    for col, colour in (("median_delivery_days", TOTAL_COLOUR), ("median_promised_days", LIMIT_COLOUR)):
        values = df[col].astype(float)
        fig.add_scatter(x=months, y=values, yaxis="y2", mode="lines+markers", name=hover(t(f"col.{col}", lang)),
                        line={"color": colour}, hovertext=[fmt_number(v, lang, 1) for v in values],
                        hovertemplate="%{x}: %{hovertext}<extra>" + hover(t(f"col.{col}", lang)) + "</extra>")
    fig.update_layout(yaxis={"title": {"text": t("col.on_time_share", lang) + " (%)"}, "range": [0, 100],
                             "tickformat": NUMBER_TICKS},
                      yaxis2={"title": {"text": t("chart.axis.days", lang)}, "overlaying": "y", "side": "right",
                              "tickformat": NUMBER_TICKS, "showgrid": False, **day_ticks(top)})
    return _layout(fig, lang=lang, height=height)


def day_ticks(top: float) -> dict:
    """A days axis from 0 in about five steps of 1, 2 or 5 times a power of ten, ending
    above ``top`` (the largest value; missing or 0: one step): 10.0 -> 0..12 by 2."""
    top = float(top) if top == top and top > 0 else 0.0
    step = 1
    while top / step > 5:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return {"range": [0, (int(top // step) + 1) * step], "tickmode": "linear", "tick0": 0, "dtick": step}
