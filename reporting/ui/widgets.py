"""Small shared building blocks for pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"   # "inverse" when an increase is bad (costs)
    help: str | None = None
    delta_arrow: str = "auto"     # "off" for no change: an arrow would say it rose or fell


def kpi_row(kpis: Sequence[Kpi]) -> None:
    cols = st.columns(len(kpis))
    for col, kpi in zip(cols, kpis, strict=True):
        col.metric(kpi.label, kpi.value, delta=kpi.delta, delta_color=kpi.delta_color,
                   help=kpi.help, border=True, delta_arrow=kpi.delta_arrow)


def kpi_values(df: pd.DataFrame, **defaults: Any) -> dict[str, Any]:
    """The one row of a ``*-kpis`` report as a dict; ``defaults`` (usually zeros) when the
    report has no row (nothing in the scope)."""
    if df.empty:
        return dict(defaults)
    row = df.iloc[0]
    return {c: row[c] for c in defaults} if defaults else row.to_dict()


def plain_caption(text: str) -> None:
    """A caption whose text is not read as Markdown at its start ("+ 20,52 USD ..." would
    otherwise become a list item and lose its plus sign)."""
    st.caption("\\" + text if text[:1] in "+-*#>" and text else text)


def lazy_tabs(labels: Sequence[str], *, key: str) -> Sequence[Any]:
    """Tabs of which only the open one's content is run and sent (``st.tabs`` with
    ``on_change="rerun"``): guard each tab's content with ``if tab.open:``. By default every
    tab's tables and charts are computed and sent on every run, hidden or not; on the large
    demo the devices page drew five tables of up to 138,908 rows for the one in view. A tab
    switch reruns the page. The open tab is kept by its label in ``st.session_state[key]``,
    so a label must not change with the data (no counts in labels)."""
    return st.tabs(list(labels), key=key, on_change="rerun")
