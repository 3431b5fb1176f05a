"""Small shared building blocks for pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"   # "inverse" when an increase is bad (costs)
    help: str | None = None


def kpi_row(kpis: Sequence[Kpi]) -> None:
    cols = st.columns(len(kpis))
    for col, kpi in zip(cols, kpis, strict=True):
        col.metric(kpi.label, kpi.value, delta=kpi.delta, delta_color=kpi.delta_color,
                   help=kpi.help, border=True)
