"""The device reports against figures recomputed here in pandas from the raw demo tables:
inventory and its filters, key figures (how many laptops are leased, at what monthly cost,
which leases end in the next 90 days), counts and lease cost by cost centre, renewals,
unassigned leased devices, people with no device or two of a kind, the optimisation rule,
one device's history and its subscription's costs, scopes, and exports in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import all_reports
from reporting.devices import reports as R
from reporting.publish.export import FORMATS, export_bytes
from tests.conftest import DEMO_TODAY
from tests.test_access_matrix import _descendants

TODAY = pd.Timestamp(DEMO_TODAY)
ORG = "pohjola"
WHOLE = Scope.organisation(ORG)


@pytest.fixture(scope="module")
def dev(raw) -> pd.DataFrame:
    """The organisation's devices with the centre each counts for (its subscription's, else
    its own), computed here."""
    d = raw("devices")
    d = d[d.org_id == ORG].copy()
    subs = raw("subscriptions")
    sub_cc = subs[subs.org_id == ORG].set_index("subscription_id").cost_centre
    sub_closed = subs[subs.org_id == ORG].set_index("subscription_id").closed_on
    d["centre"] = [sub_cc.get(s) if isinstance(s, str) else c for s, c in zip(d.subscription_id, d.cost_centre, strict=True)]
    d["sub_closed"] = [sub_closed.get(s) if isinstance(s, str) else None for s in d.subscription_id]
    d["lease_end"] = pd.to_datetime(d.lease_end)
    d["leased"] = d.lease_end.notna() & (d.lease_end >= TODAY)
    d["live"] = d.status != "retired"
    d["monthly_lease"] = d.monthly_lease.astype(float)
    return d


def test_data_today_is_the_demo_now(demo_db):
    assert R.data_today(demo_db) == DEMO_TODAY


def test_inventory_lists_every_device_and_filters(demo_db, dev, raw):
    inv = R.device_inventory(demo_db, WHOLE)
    assert set(inv.device_id) == set(dev.device_id)
    laptops = R.device_inventory(demo_db, WHOLE, device_types=("laptop",), statuses=("in_use",))
    assert set(laptops.device_id) == set(dev[(dev.device_type == "laptop") & (dev.status == "in_use")].device_id)
    centres = _descendants(raw("cost_centres"), ORG, ["3000"])
    by_cc = R.device_inventory(demo_db, WHOLE, cost_centres=("3000",))
    assert len(by_cc) > 0 and set(by_cc.device_id) == set(dev[dev.centre.isin(centres)].device_id)
    w = pd.to_datetime(dev.warranty_until)
    soon = R.device_inventory(demo_db, WHOLE, warranty_days=60)
    expected = dev[(w >= TODAY) & (w <= TODAY + pd.Timedelta(days=60))].device_id
    assert len(expected) > 0 and set(soon.device_id) == set(expected)
    one = inv.set_index("device_id").loc[dev.device_id.iloc[0]]
    assert one.warranty_days_left == (pd.Timestamp(dev.warranty_until.iloc[0]) - TODAY).days


def test_how_many_laptops_we_lease_at_what_cost_and_which_end_in_90_days(demo_db, dev):
    k = R.device_kpis(demo_db, WHOLE, device_types=("laptop",), days=90).iloc[0]
    lap = dev[dev.device_type == "laptop"]
    assert k.leased == lap.leased.sum() > 0
    assert k.monthly_lease == pytest.approx(round(lap.loc[lap.leased, "monthly_lease"].sum(), 2))
    ending = lap[lap.live & lap.leased & (lap.lease_end <= TODAY + pd.Timedelta(days=90))]
    assert k.lease_ending == len(ending) > 0
    assert k.devices == lap.live.sum()
    assert k.in_stock == (lap.status == "in_stock").sum() and k.in_repair == (lap.status == "in_repair").sum()
    ren = R.device_renewals(demo_db, WHOLE, days=90, refresh_months=999, device_types=("laptop",))
    assert set(ren.device_id) == set(ending.device_id)
    assert set(ren.renewal_reason) == {"lease_ending"}


def test_counts_and_lease_cost_by_cost_centre(demo_db, dev):
    got = R.devices_by_cost_centre(demo_db, WHOLE).set_index("cost_centre")
    live = dev[dev.live]
    expected_devices = live.groupby("centre").size()
    expected_cost = dev[dev.leased].groupby("centre").monthly_lease.sum().round(2)
    expected_laptops = live[live.device_type == "laptop"].groupby("centre").size()
    for cc, n in expected_devices.items():
        assert got.at[cc, "devices"] == n, cc
        assert got.at[cc, "laptops"] == expected_laptops.get(cc, 0), cc
        assert got.at[cc, "monthly_lease"] == pytest.approx(expected_cost.get(cc, 0.0)), cc
    assert got.monthly_lease.sum() == pytest.approx(dev.loc[dev.leased, "monthly_lease"].sum())
    assert got.leased.sum() == dev.leased.sum()


def test_renewals_unassigned_and_the_optimisation_rule(demo_db, dev):
    months = 30
    ren = R.device_renewals(demo_db, WHOLE, days=90, refresh_months=months)
    live = dev[dev.live]
    purchased = pd.to_datetime(live.purchased_on)
    age = [(TODAY.year - p.year) * 12 + TODAY.month - p.month - (TODAY.day < p.day) for p in purchased]
    ended = live.lease_end.notna() & (live.lease_end < TODAY)
    ending = live.lease_end.notna() & ~ended & (live.lease_end <= TODAY + pd.Timedelta(days=90))
    old = pd.Series(age, index=live.index) >= months
    expected = dict(zip(live.device_id, ["lease_ended" if a else "lease_ending" if b else "refresh_cycle" if c else None
                                         for a, b, c in zip(ended, ending, old, strict=True)], strict=True))
    expected = {k: v for k, v in expected.items() if v}
    assert dict(zip(ren.device_id, ren.renewal_reason, strict=True)) == expected
    assert ren.due_on.is_monotonic_increasing

    un = R.devices_unassigned_leased(demo_db, WHOLE)
    exp_un = dev[dev.live & dev.leased & dev.user_name.isna()]
    assert len(exp_un) > 0 and set(un.device_id) == set(exp_un.device_id)

    opt = R.optimisation_devices(demo_db, WHOLE)
    closed = pd.to_datetime(dev.sub_closed)
    on_closed = dev.live & dev.leased & dev.user_name.notna() & closed.notna() & (closed < TODAY)
    assert set(opt[opt.device_finding == "no_user"].device_id) == set(exp_un.device_id)
    assert on_closed.sum() > 0
    assert set(opt[opt.device_finding == "closed_subscription"].device_id) == set(dev[on_closed].device_id)
    row = opt.iloc[0]
    end = dev.set_index("device_id").loc[row.device_id, "lease_end"]
    left = (end.year * 12 + end.month) - (TODAY.year * 12 + TODAY.month)
    assert row.lease_months_left == left
    assert row.lease_cost_left == pytest.approx(round(left * row.monthly_lease, 2))


def _person(name: str) -> str:
    return " ".join(name.lower().split())


def test_people_with_no_device_or_two_of_a_kind(demo_db, dev, raw):
    subs = raw("subscriptions")
    people = subs[(subs.org_id == ORG) & (subs.service_type == "mobile_voice")
                  & (subs.closed_on.isna() | (pd.to_datetime(subs.closed_on) >= TODAY))]
    names = set(people.user_name.map(_person))
    held = dev[dev.live & dev.user_name.notna() & (dev.device_type != "network")]
    per_type = held.groupby([held.user_name.map(_person), "device_type"]).size()
    two = {p for (p, _), n in per_type.items() if n >= 2 and p in names}
    none = names - set(held.user_name.map(_person))
    got = R.device_people(demo_db, WHOLE)
    assert set(got[got.device_finding == "no_device"].user_name.map(_person)) == none
    assert set(got[got.device_finding == "two_or_more"].user_name.map(_person)) == two
    assert none and two
    only = R.device_people(demo_db, WHOLE, finding="no_device")
    assert set(only.device_finding) == {"no_device"} and len(only) == len(none)


def test_one_device_with_its_history_and_its_subscriptions_costs(demo_db, dev, raw):
    ev = raw("device_events")
    with_history = ev[(ev.org_id == ORG) & ev.device_id.isin(dev[dev.subscription_id.notna()].device_id)]
    device_id = with_history.groupby("device_id").size().sort_values(ascending=False).index[0]
    detail = R.device_detail(demo_db, WHOLE, device_id)
    assert len(detail) == 1 and detail.device_id.iloc[0] == device_id
    hist = R.device_history(demo_db, WHOLE, device_id)
    exp = with_history[with_history.device_id == device_id].sort_values("event_at", ascending=False)
    assert list(hist.event_type) == list(exp.event_type) and len(hist) >= 2
    sub = dev.set_index("device_id").loc[device_id, "subscription_id"]
    ch = raw("charges")
    exp_cost = ch[(ch.org_id == ORG) & (ch.subscription_id == sub)].groupby("invoice_month").amount.sum()
    costs = R.device_subscription_costs(demo_db, WHOLE, device_id).set_index("month").amount
    assert len(costs) == len(exp_cost) > 0
    for m, v in exp_cost.items():
        assert float(costs[pd.Timestamp(m)]) == pytest.approx(float(v))
    # another organisation's device is not there for this scope
    other = raw("devices").query("org_id != @ORG").device_id.iloc[0]
    assert R.device_detail(demo_db, WHOLE, other).empty and R.device_history(demo_db, WHOLE, other).empty


def test_scopes_a_manager_sees_the_tree_an_employee_the_devices_of_their_subscriptions(demo_db, dev, raw):
    centres = _descendants(raw("cost_centres"), ORG, ["2100", "3100"])
    mgr = Scope(ORG, cost_centres=frozenset({"2100", "3100"}))
    assert set(R.device_inventory(demo_db, mgr).device_id) == set(dev[dev.centre.isin(centres)].device_id)
    sub = dev[dev.subscription_id.notna()].subscription_id.iloc[0]
    emp = Scope(ORG, subscriptions=frozenset({sub}))
    assert set(R.device_inventory(demo_db, emp).device_id) == set(dev[dev.subscription_id == sub].device_id)
    assert R.device_kpis(demo_db, Scope.none()).empty


DEVICE_REPORTS = [n for n in all_reports() if "device" in n]


@pytest.mark.parametrize("name", DEVICE_REPORTS)
def test_every_device_report_exports_in_every_format(name, demo_db, dev):
    spec = all_reports()[name]
    device_id = dev[dev.subscription_id.notna()].device_id.iloc[0]
    kwargs = {"device_id": device_id} if "device_id" in spec.func.__code__.co_varnames else {}
    df = spec.func(demo_db, WHOLE, **kwargs)
    assert len(df) > 0, name
    for fmt in FORMATS:
        for lang in ("fi", "en"):
            data = export_bytes(df, fmt, lang)
            assert data, (name, fmt)
            if fmt == "xlsx":
                sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                assert sheet.max_row == len(df) + 1, (name, lang)
            elif fmt == "parquet":
                assert len(pd.read_parquet(io.BytesIO(data))) == len(df)
            else:
                text = data.decode("utf-8-sig")
                assert text.count("\n") >= len(df), (name, fmt)


def test_finnish_csv_and_xlsx_leave_a_missing_datetime_empty():
    df = pd.DataFrame({"event_at": pd.to_datetime(["2026-03-31 14:05", None])})
    text = export_bytes(df, "csv-fi").decode("utf-8-sig")
    assert [r for r in csv.reader(io.StringIO(text), delimiter=";")][1:] == [["31.3.2026 14.05"], [""]]
    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(df, "xlsx"))).active
    assert sheet.cell(2, 1).value == dt.datetime(2026, 3, 31, 14, 5) and sheet.cell(3, 1).value is None
