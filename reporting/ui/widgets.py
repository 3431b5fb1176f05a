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
