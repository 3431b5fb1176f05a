"""Invariants of the demo data, each checked with plain pandas on the raw tables."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from reporting.core.identifiers import is_valid_ytunnus
from tests.conftest import DEMO_TODAY, make_demo

TABLES = ("organisations", "cost_centres", "plans", "subscriptions", "charges", "invoices",
          "usage_daily", "usage_monthly", "services", "service_events", "tickets", "devices",
          "device_events", "service_orders")


def _fingerprint(path) -> dict[str, tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: tuple(con.execute(f"SELECT count(*), bit_xor(hash(x)) FROM {t} x").fetchall()[0])
                for t in TABLES}
    finally:
        con.close()


def test_same_seed_gives_same_data_and_another_seed_differs(demo_path, tmp_path):
    again = make_demo(tmp_path / "again.duckdb")
    other = make_demo(tmp_path / "other.duckdb", seed=99)
    assert _fingerprint(again) == _fingerprint(demo_path)
    assert _fingerprint(other)["usage_daily"] != _fingerprint(demo_path)["usage_daily"]


def test_three_organisations_of_clearly_different_size(raw):
    subs = raw("subscriptions")
    sizes = subs.groupby("org_id").size().sort_values()
    assert len(sizes) == 3
    assert 1300 <= sizes.sum() <= 1700
    assert sizes.iloc[2] >= 1.8 * sizes.iloc[1] and sizes.iloc[1] >= 2 * sizes.iloc[0]
    assert raw("organisations").sector.nunique() == 3


def test_business_ids_have_valid_check_digits(raw):
    assert all(is_valid_ytunnus(b) for b in raw("organisations").business_id)


def test_every_charge_belongs_to_an_existing_subscription(raw):
    charges = raw("charges")
    subs = raw("subscriptions")[["org_id", "subscription_id"]]
    with_sub = charges[charges.subscription_id.notna()]
    merged = with_sub.merge(subs, on=["org_id", "subscription_id"], how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    # organisation-level lines exist (discounts and services) and have no subscription
    org_level = charges[charges.subscription_id.isna()]
    assert set(org_level.category) == {"discount", "service"}


def test_each_invoice_total_equals_the_sum_of_its_lines(raw):
    lines = raw("charges").groupby(["org_id", "invoice_month", "currency"]).amount.sum()
    inv = raw("invoices").set_index(["org_id", "invoice_month", "currency"]).total_amount
    assert len(inv) == 3 * 24
    pd.testing.assert_series_equal(lines.sort_index().astype(float), inv.sort_index().astype(float),
                                   check_names=False)


def test_24_complete_months_ending_before_now(raw):
    months = sorted(raw("charges").invoice_month.unique())
    assert len(months) == 24
    assert pd.Timestamp(months[-1]).date() == dt.date(2026, 10, 1)
    assert pd.Timestamp(months[0]).date() == dt.date(2024, 11, 1)
    assert raw("usage_daily").usage_date.max() == pd.Timestamp(2026, 10, 31)


def test_no_usage_outside_a_subscriptions_open_period(raw):
    usage = raw("usage_daily").groupby(["org_id", "subscription_id"]).usage_date.agg(["min", "max"])
    subs = raw("subscriptions").set_index(["org_id", "subscription_id"])
    joined = usage.join(subs[["opened_on", "closed_on"]])
    assert (joined["min"] >= pd.to_datetime(joined.opened_on)).all()
    closed = joined[joined.closed_on.notna()]
    assert (closed["max"] <= pd.to_datetime(closed.closed_on)).all()


def test_inactive_share_is_five_to_eight_percent(raw):
    """Open subscriptions, at least three months old, with zero usage in the last three
    complete months while a monthly fee is still charged."""
    cutoff = pd.Timestamp(2026, 8, 1)
    subs = raw("subscriptions")
    candidates = subs[subs.closed_on.isna() & (pd.to_datetime(subs.opened_on) < cutoff)]
    used = raw("usage_daily")
    recent = used[used.usage_date >= cutoff][["org_id", "subscription_id"]].drop_duplicates()
    fees = raw("charges")
    paying = fees[(fees.category == "monthly_fee") & (fees.invoice_month == pd.Timestamp(2026, 10, 1))]
    inactive = candidates.merge(recent, how="left", indicator=True)
    inactive = inactive[inactive["_merge"] == "left_only"].merge(
        paying[["org_id", "subscription_id"]], how="inner")
    share = len(inactive) / len(candidates)
    assert 0.05 <= share <= 0.08, share


def test_monthly_fee_line_is_the_plans_fee_for_a_full_month(raw):
    subs = raw("subscriptions")
    plans = raw("plans").set_index("plan").monthly_fee
    month = pd.Timestamp(2026, 10, 1)
    full = subs[(pd.to_datetime(subs.opened_on) < month) & subs.closed_on.isna()]
    fees = raw("charges")
    fees = fees[(fees.category == "monthly_fee") & (fees.invoice_month == month)]
    merged = full.merge(fees, on=["org_id", "subscription_id"], suffixes=("", "_c"))
    assert len(merged) == len(full)
    assert (merged.amount.astype(float) == merged.plan.map(plans).astype(float)).all()


def test_roaming_lines_have_the_roaming_usage_behind_them(raw):
    usage = raw("usage_daily")
    priced = usage[usage.amount.notna()].copy()
    priced["month"] = priced.usage_date.dt.to_period("M").dt.to_timestamp()
    by_usage = priced.groupby(["subscription_id", "month", "country"]).amount.sum().astype(float).round(4)
    lines = raw("charges")
    lines = lines[lines.category == "roaming"]
    by_line = lines.groupby(["subscription_id", "invoice_month", "country"]).amount.sum().astype(float).round(4)
    by_line.index.names = by_usage.index.names
    assert len(by_line) > 20
    pd.testing.assert_series_equal(by_usage.sort_index(), by_line.sort_index(), check_names=False)
    # roaming inside the EU/EEA is not charged separately
    assert not set(lines.country) & {"SE", "EE", "ES", "DE"}
    assert set(usage[usage.country != "FI"].country) & {"SE", "EE", "ES", "DE"}


def test_usage_monthly_is_the_daily_usage_aggregated(raw):
    daily = raw("usage_daily").copy()
    daily["month"] = daily.usage_date.dt.to_period("M").dt.to_timestamp()
    expect = daily.groupby(["subscription_id", "month", "usage_type", "country"]).quantity.sum().astype(float)
    got = raw("usage_monthly").set_index(["subscription_id", "month", "usage_type", "country"]).quantity.astype(float)
    pd.testing.assert_series_equal(expect.sort_index().round(3), got.sort_index().round(3), check_names=False)


def test_seasonality_summer_has_less_voice_and_weekends_less_than_weekdays(raw):
    daily = raw("usage_daily")
    voice = daily[(daily.usage_type == "voice_min") & (daily.country == "FI")]
    per_day = voice.groupby("usage_date").quantity.sum().astype(float)
    july = per_day[per_day.index.month == 7].mean()
    october = per_day[per_day.index.month == 10].mean()
    assert july < 0.8 * october
    weekend = per_day[per_day.index.day_of_week >= 5].mean()
    weekday = per_day[per_day.index.day_of_week < 5].mean()
    assert weekend < 0.6 * weekday


def test_some_subscriptions_are_on_plans_far_larger_than_their_use(raw):
    subs = raw("subscriptions")
    plans = raw("plans").set_index("plan")
    um = raw("usage_monthly")
    data = um[(um.usage_type == "data_mb") & (um.month >= pd.Timestamp(2026, 8, 1))]
    avg_gb = data.groupby("subscription_id").quantity.sum().astype(float) / 3 / 1024
    big = subs[subs.plan.isin(["Yritys Max rajaton", "Mobiililaajakaista rajaton"])]
    light_on_big = big[big.subscription_id.map(avg_gb).fillna(0) < 3]
    assert len(light_on_big) >= 0.02 * len(subs)
    assert plans.loc["Yritys Max rajaton", "data_gb"] is None or pd.isna(plans.loc["Yritys Max rajaton", "data_gb"])


def test_services_have_incidents_maintenance_and_one_ongoing_now(raw):
    events = raw("service_events")
    now = pd.Timestamp(dt.datetime.combine(DEMO_TODAY, dt.time(9, 0)))
    ongoing = events[events.ends_at.isna()]
    assert len(ongoing) >= 1 and (ongoing.starts_at <= now).all()
    assert (events.status == "maintenance").any()
    assert (events[events.status == "maintenance"].starts_at > now).any()  # announced ahead
    assert {"degraded", "partial_outage", "major_outage"} <= set(events.status)


def test_a_realistic_share_of_tickets_breaches_its_sla(raw):
    tickets = raw("tickets")
    services = raw("services").set_index(["org_id", "service_id"])
    done = tickets[tickets.resolved_at.notna()].copy()
    hours = (done.resolved_at - done.opened_at).dt.total_seconds() / 3600
    limit = [float(services.loc[(o, s), f"resolve_{p.lower()}_h"])
             for o, s, p in zip(done.org_id, done.service_id, done.priority, strict=True)]
    breach = (hours > pd.Series(limit, index=done.index)).mean()
    assert 0.03 <= breach <= 0.25, breach
    assert (tickets.status.isin(["open", "in_progress"])).sum() >= 3


@pytest.mark.slow
def test_large_scale_generates(tmp_path):
    path = make_demo(tmp_path / "large.duckdb", scale="large")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM subscriptions").fetchall()[0][0] == 100_000
    con.close()
