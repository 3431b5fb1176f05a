"""Plotly figure builders for the report pages (no Streamlit here). Each takes a report's
DataFrame (canonical columns) and already translated labels; ``customdata`` carries the
identifier a selection drills into."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from reporting.i18n import fmt_money, fmt_month
from reporting.ui.text import hover

PALETTE = ("#0b5cab", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


def _layout(fig: go.Figure, *, height: int = 360, barmode: str | None = None,
            legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, barmode=barmode,
        showlegend=legend, legend={"orientation": "h", "y": -0.15},
        separators=", ", hovermode="closest", clickmode="event+select",
    )
    return fig


def stacked_trend(df: pd.DataFrame, *, group: str, lang: str, label: Callable[[object], str],
                  value: str = "amount", title: str | None = None) -> go.Figure:
    """Monthly stacked bars: x = month, one trace per value of ``group``; customdata = month."""
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
        fig.add_bar(x=x, y=y, name=hover(label(g)), marker_color=PALETTE[i % len(PALETTE)],
                    customdata=[pd.Timestamp(m).strftime("%Y-%m") for m in months],
                    hovertemplate="%{x}: %{y:,.2f} €<extra>" + hover(label(g)) + "</extra>")
    fig.update_layout(title=title)
    return _layout(fig, barmode="relative")


def ranked_bars(df: pd.DataFrame, *, label_col: str, value_col: str, id_col: str, lang: str,
                labels: Mapping[object, str] | None = None, title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Horizontal bars, largest on top; customdata = the row's identifier (for drilling)."""
    data = df.sort_values(value_col, ascending=True)
    names = [hover(labels.get(i, str(n)) if labels else str(n))
             for i, n in zip(data[id_col], data[label_col], strict=True)]
    fig = go.Figure(go.Bar(
        x=data[value_col].astype(float), y=names, orientation="h", marker_color=PALETTE[0],
        customdata=[None if pd.isna(v) else str(v) for v in data[id_col]],
        text=[fmt_money(v, lang) for v in data[value_col]], textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fig.update_layout(title=title)
    return _layout(fig, height=height or max(220, 34 * len(data) + 60), legend=False)


def monthly_bars(df: pd.DataFrame, *, lang: str, value_col: str = "amount",
                 title: str | None = None) -> go.Figure:
    """One bar per month; customdata = YYYY-MM (for drilling into a month)."""
    fig = go.Figure(go.Bar(
        x=[fmt_month(m, lang, short=True) for m in df["month"]], y=df[value_col].astype(float),
        customdata=[pd.Timestamp(m).strftime("%Y-%m") for m in df["month"]],
        marker_color=PALETTE[0], text=[fmt_money(v, lang) for v in df[value_col]],
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.update_layout(title=title)
    return _layout(fig, legend=False)


def daily_usage(df: pd.DataFrame, *, cumulative_col: str, allowance_col: str, daily_col: str,
                lang: str, daily_name: str, cumulative_name: str, allowance_name: str,
                scale: float = 1.0, title: str | None = None) -> go.Figure:
    """Daily bars, the running total and the plan's allowance as a horizontal line."""
    x = list(pd.to_datetime(df["usage_date"]))
    fig = go.Figure()
    fig.add_bar(x=x, y=df[daily_col].astype(float) / scale, name=daily_name, marker_color=PALETTE[0])
    fig.add_scatter(x=x, y=df[cumulative_col].astype(float), name=cumulative_name, mode="lines",
                    line={"color": PALETTE[1], "width": 3})
    allowance = df[allowance_col].dropna()
    if len(allowance):
        fig.add_scatter(x=x, y=[float(allowance.iloc[0])] * len(x), name=allowance_name, mode="lines",
                        line={"color": PALETTE[3], "dash": "dash"})
    fig.update_layout(title=title)
    fig.update_xaxes(tickformat="%-d.%-m." if lang == "fi" else "%d %b")
    return _layout(fig)


def grouped_bars(df: pd.DataFrame, *, x_col: str, y_col: str, group_col: str,
                 x_label: Callable[[object], str], group_label: Callable[[object], str],
                 title: str | None = None, stacked: bool = True) -> go.Figure:
    """Bars of ``y_col`` by ``x_col``, one trace per ``group_col`` value."""
    fig = go.Figure()
    for i, g in enumerate(dict.fromkeys(df[group_col].tolist())):
        part = df[df[group_col] == g]
        fig.add_bar(x=[x_label(v) for v in part[x_col]], y=part[y_col].astype(float),
                    name=hover(group_label(g)), marker_color=PALETTE[i % len(PALETTE)],
                    customdata=[str(v) for v in part[x_col]])
    fig.update_layout(title=title)
    return _layout(fig, barmode="stack" if stacked else "group")
