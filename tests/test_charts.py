"""Charts (issue 14, point 8): one colour per charge category, service type, zone and status
in every chart; separators by language; axis numbers in full (no "25k") with a unit title."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting.costs.categories import CHARGE_CATEGORIES
from reporting.i18n import t
from reporting.publish.monthly_report import _trend_chart
from reporting.ui import charts

MONTHS = [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]


def _trend(categories) -> pd.DataFrame:
    return pd.DataFrame([{"month": m, "category": c, "amount": 1000.0 + i}
                         for i, c in enumerate(categories) for m in MONTHS])


def _colours(fig) -> dict[str, str]:
    return {tr.name: tr.marker.color for tr in fig.data}


def test_one_colour_per_category_whatever_the_chart_or_the_order():
    label = str
    a = charts.stacked_trend(_trend(CHARGE_CATEGORIES), group="category", lang="fi", label=label)
    b = charts.stacked_trend(_trend(["roaming", "discount"]), group="category", lang="en", label=label)
    assert _colours(b) == {"roaming": _colours(a)["roaming"], "discount": _colours(a)["discount"]}
    assert len(set(_colours(a).values())) == len(CHARGE_CATEGORIES)      # distinct
    # the monthly report's trend (costs-by-month: a column per category) uses the same colours
    wide = pd.DataFrame({"month": MONTHS, **{c: [1.0, 2.0] for c in CHARGE_CATEGORIES}})
    by_name = {tr.name: tr.marker.color for tr in _trend_chart(wide, "fi").data}
    assert {c: by_name[t(f"category.{c}", "fi")] for c in CHARGE_CATEGORIES} == _colours(a)
    # the same category in a grouped chart (roaming in the employee's or manager's view)
    g = charts.grouped_bars(_trend(["usage", "roaming"]), x_col="month", y_col="amount", group_col="category",
                            x_label=str, group_label=str, lang="fi", unit="eur")
    assert _colours(g) == {"usage": _colours(a)["usage"], "roaming": _colours(a)["roaming"]}
    assert _colours(a)["roaming"] == "#d62728"


def test_one_colour_per_service_type_zone_and_status():
    df = pd.DataFrame({"month": MONTHS * 2, "service_type": ["m2m", "m2m", "mobile_voice", "mobile_voice"],
                       "amount": [1.0, 2.0, 3.0, 4.0]})
    one = charts.stacked_trend(df, group="service_type", lang="fi", label=str)
    two = charts.stacked_trend(df.iloc[::-1], group="service_type", lang="fi", label=str)   # other order
    assert _colours(one) == _colours(two)
    zones = pd.DataFrame({"country": ["SE", "US"], "zone": ["eu_eea", "rest_of_world"], "amount": [5.0, 9.0]})
    z1 = charts.grouped_bars(zones, x_col="country", y_col="amount", group_col="zone", x_label=str,
                             group_label=str, lang="fi", unit="eur")
    z2 = charts.grouped_bars(zones.iloc[::-1], x_col="country", y_col="amount", group_col="zone", x_label=str,
                             group_label=str, lang="en", unit="eur")
    assert _colours(z1) == _colours(z2) and _colours(z1)["rest_of_world"] != _colours(z1)["eu_eea"]
    from reporting.ui.status_view import STATUS_COLOUR
    assert STATUS_COLOUR is charts.STATUS_COLOURS
    assert charts.series_colour("status", "major_outage") == "#d62728"


@pytest.mark.parametrize(("lang", "separators"), [("fi", ",\u00a0"), ("en", ".,")])
def test_separators_and_full_numbers_by_language(lang, separators):
    trend = charts.stacked_trend(_trend(["usage"]), group="category", lang=lang, label=str)
    ranked = charts.ranked_bars(pd.DataFrame({"name": ["A"], "amount": [25000.0], "code": ["1"]}),
                                label_col="name", value_col="amount", id_col="code", lang=lang)
    months = charts.monthly_bars(pd.DataFrame({"month": MONTHS, "amount": [25000.0, 1234.5]}), lang=lang)
    daily = charts.daily_usage(pd.DataFrame({"usage_date": pd.to_datetime(["2026-10-01", "2026-10-02"]),
                                             "data_gb": [0.35, 1.2], "cum": [0.35, 1.55], "allow": [5.0, 5.0]}),
                               daily_col="data_gb", cumulative_col="cum", allowance_col="allow", lang=lang,
                               daily_name="d", cumulative_name="c", allowance_name="a", unit="gb")
    for fig, axis in ((trend, "yaxis"), (ranked, "xaxis"), (months, "yaxis"), (daily, "yaxis")):
        assert fig.layout.separators == separators
        fmt = fig.layout[axis].tickformat
        assert fmt and fmt.startswith(",.") and "s" not in fmt      # grouped, fixed: never SI "25k"
        assert fig.layout[axis].title.text                              # a unit on the value axis
    euro = {"fi": "€ (alv 0 %)", "en": "€ (VAT 0%)"}[lang]
    assert trend.layout.yaxis.title.text == euro and ranked.layout.xaxis.title.text == euro
    assert daily.layout.yaxis.title.text == {"fi": "Gt", "en": "GB"}[lang]
    # hover and bar texts are the language's money format
    assert months.data[0].text[0] == {"fi": "25\u00a0000,00\u00a0€", "en": "€25,000.00"}[lang]
    assert trend.data[0].hovertext[0] == {"fi": "1\u00a0000,00\u00a0€", "en": "€1,000.00"}[lang]


def test_day_bars_carry_their_date_for_the_drill_down():
    daily = charts.daily_usage(pd.DataFrame({"usage_date": pd.to_datetime(["2026-10-01", "2026-10-02"]),
                                             "v": [1.0, 2.0], "c": [1.0, 3.0], "a": [None, None]}),
                               daily_col="v", cumulative_col="c", allowance_col="a", lang="fi",
                               daily_name="d", cumulative_name="c", allowance_name="a", unit="min")
    assert list(daily.data[0].customdata) == ["2026-10-01", "2026-10-02"]
