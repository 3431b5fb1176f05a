"""Usage reports against pandas over the raw daily usage (not the pre-aggregated table they
read), so the loader's aggregation is checked too; subscriptions without usage stay in."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import run_report
from reporting.costs.usage import EU_EEA

ORG = "pohjola"
PERIOD = {"month_from": dt.date(2026, 7, 1), "month_to": dt.date(2026, 9, 1)}


@pytest.fixture(scope="module")
def daily(raw) -> pd.DataFrame:
    ud = raw("usage_daily")
    ud = ud[ud.org_id == ORG].copy()
    ud["month"] = pd.to_datetime(ud.usage_date).dt.to_period("M").dt.to_timestamp()
    return ud


def open_in(subs: pd.DataFrame, first: dt.date, last_month: dt.date) -> pd.DataFrame:
    last = pd.Timestamp(last_month) + pd.offsets.MonthEnd(0)
    opened, closed = pd.to_datetime(subs.opened_on), pd.to_datetime(subs.closed_on)
    return subs[(opened <= last) & (closed.isna() | (closed >= pd.Timestamp(first)))]


def test_usage_by_subscription_matches_daily_usage(demo_db, raw, daily):
    got = run_report("usage-by-subscription", demo_db, Scope.organisation(ORG), **PERIOD).set_index(
        "subscription_id")
    subs = raw("subscriptions")
    expected_subs = open_in(subs[subs.org_id == ORG], PERIOD["month_from"], PERIOD["month_to"])
    assert set(got.index) == set(expected_subs.subscription_id)
    part = daily[(daily.month >= pd.Timestamp(PERIOD["month_from"]))
                 & (daily.month <= pd.Timestamp(PERIOD["month_to"]))]
    per = part.pivot_table(index="subscription_id", columns="usage_type", values="quantity",
                           aggfunc="sum", fill_value=0).astype(float)
    for sub in per.index[:200]:
        assert got.loc[sub, "data_gb"] == pytest.approx(per.loc[sub, "data_mb"] / 1024, abs=0.001)
        assert got.loc[sub, "voice_min"] == pytest.approx(per.loc[sub, "voice_min"], abs=0.0501)
        assert got.loc[sub, "sms"] == pytest.approx(per.loc[sub, "sms"])
    abroad = part[(part.country != "FI") & (part.usage_type == "data_mb")].groupby("subscription_id").quantity.sum()
    for sub, mb in abroad.items():
        assert got.loc[sub, "roaming_data_gb"] == pytest.approx(float(mb) / 1024, abs=0.001)
    # subscriptions that used nothing are there, with zeros
    idle = set(expected_subs.subscription_id) - set(part.subscription_id)
    assert idle, "the demo data should have idle subscriptions in the period"
    assert set(got[~got.has_usage].index) == idle
    assert (got.loc[sorted(idle), ["voice_min", "sms", "mms", "data_gb", "usage_amount"]] == 0).all().all()


def test_usage_by_month_totals_and_idle_counts(demo_db, raw, daily):
    got = run_report("usage-by-month", demo_db, Scope.organisation(ORG), group_by="service_type", **PERIOD)
    subs = raw("subscriptions")
    subs = subs[subs.org_id == ORG]
    for month in pd.date_range(PERIOD["month_from"], PERIOD["month_to"], freq="MS"):
        rows = got[pd.to_datetime(got.month) == month]
        part = daily[daily.month == month]
        assert rows.data_gb.sum() == pytest.approx(float(part[part.usage_type == "data_mb"].quantity.sum()) / 1024,
                                                   abs=0.01)
        assert rows.messages.sum() == pytest.approx(float(part[part.usage_type.isin(["sms", "mms"])].quantity.sum()))
        active = open_in(subs, month.date(), month.date())
        assert rows.subscriptions.sum() == len(active)
        used = set(part.subscription_id) & set(active.subscription_id)
        assert rows.subscriptions_with_usage.sum() == len(used)
        assert rows.subscriptions_without_usage.sum() == len(active) - len(used)
    by_centre = run_report("usage-by-month", demo_db, Scope.organisation(ORG), group_by="cost_centre", **PERIOD)
    assert by_centre.service_type.isna().all() and by_centre.cost_centre.notna().any()
    assert by_centre.data_gb.sum() == pytest.approx(got.data_gb.sum(), abs=0.5)
    with pytest.raises(ValueError):
        run_report("usage-by-month", demo_db, Scope.organisation(ORG), group_by="1; DROP TABLE x")


def test_roaming_by_country_volumes_costs_and_zones(demo_db, raw, daily):
    got = run_report("roaming-by-country", demo_db, Scope.organisation(ORG), lang="en", **PERIOD).set_index("country")
    part = daily[(daily.month >= pd.Timestamp(PERIOD["month_from"]))
                 & (daily.month <= pd.Timestamp(PERIOD["month_to"])) & (daily.country != "FI")]
    ch = raw("charges")
    ch = ch[(ch.org_id == ORG) & (ch.category == "roaming")
            & (pd.to_datetime(ch.invoice_month) >= pd.Timestamp(PERIOD["month_from"]))
            & (pd.to_datetime(ch.invoice_month) <= pd.Timestamp(PERIOD["month_to"]))]
    assert set(got.index) == set(part.country) | set(ch.country.dropna())
    for country, g in part.groupby("country"):
        assert got.loc[country, "data_gb"] == pytest.approx(
            float(g[g.usage_type == "data_mb"].quantity.sum()) / 1024, abs=0.001)
        assert got.loc[country, "subscriptions"] == g.subscription_id.nunique()
        assert got.loc[country, "zone"] == ("eu_eea" if country in EU_EEA else "rest_of_world")
    for country, g in ch.groupby("country"):
        assert got.loc[country, "amount"] == pytest.approx(float(g.amount.map(lambda a: round(a + 0, 2)).sum()),
                                                           abs=0.01 * len(g))
    assert (got[got.zone == "eu_eea"].amount == 0).all()   # roam like at home
    if "CH" in got.index:
        assert got.loc["CH", "country_name"] == "Switzerland"


def test_usage_respects_scope(demo_db, raw):
    subs = raw("subscriptions")
    mine = subs[subs.org_id == ORG].subscription_id.iloc[5]
    got = run_report("usage-by-subscription", demo_db, Scope(org_id=ORG, subscriptions=frozenset({mine})), **PERIOD)
    assert set(got.subscription_id) <= {mine}
