"""The service-order delivery chart: short months on the axis and a days axis of whole steps
that covers every value (the screenshot at 1440 px showed cut month names and ticks at 2.14,
4.29 ...)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting.ui.charts import day_ticks, delivery_months


@pytest.mark.parametrize("top, step, upper", [
    (10.0, 2, 12), (4.6, 1, 5), (5.0, 1, 6), (0.4, 1, 1), (23.5, 5, 25), (61.0, 20, 80),
    (140.0, 50, 150), (0.0, 1, 1), (float("nan"), 1, 1)])
def test_day_ticks(top, step, upper):
    got = day_ticks(top)
    assert (got["dtick"], got["range"]) == (step, [0, upper])
    assert got["range"][1] > (top if top == top else 0)
    assert got["range"][1] / step <= 6


def test_delivery_chart_months_short_and_days_axis_covers_the_values():
    df = pd.DataFrame({"month": [dt.date(2025, 12, 1), dt.date(2026, 1, 1)],
                       "on_time_share": [1.0, 0.933], "median_delivery_days": [4.6, 4.1],
                       "median_promised_days": [10.0, 7.0]})
    fig = delivery_months(df, lang="en")
    assert list(fig.data[0].x) == ["Dec 2025", "Jan 2026"]
    assert list(fig.data[0].y) == [100.0, 93.3]
    y2 = fig.layout.yaxis2
    assert (tuple(y2.range), y2.dtick, y2.showgrid) == ((0, 12), 2, False)
    assert list(delivery_months(df, lang="fi").data[0].x) == ["12/2025", "1/2026"]
