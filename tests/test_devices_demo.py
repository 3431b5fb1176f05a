"""Invariants of the demo device base, checked with plain pandas on the raw tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from stdnum import imei as std_imei

from tests.conftest import DEMO_TODAY

NOW = pd.Timestamp(dt.datetime.combine(DEMO_TODAY, dt.time(9, 0)))


def test_every_organisation_has_devices_of_every_kind_and_state(raw):
    dev, orgs = raw("devices"), raw("organisations")
    assert set(dev.org_id) == set(orgs.org_id)
    for org, d in dev.groupby("org_id"):
        assert {"phone", "laptop", "network"} <= set(d.device_type), org
        assert {"in_use", "in_stock", "in_repair"} <= set(d.status), org
        leased = d[d.lease_end.notna()]
        ends = pd.to_datetime(leased.lease_end)
        assert ((ends >= NOW.normalize()) & (ends <= NOW + pd.Timedelta(days=90))).any(), org
        # spare devices nobody has, some of them still leased
        assert (d.user_name.isna() & d.lease_end.notna() & (d.status != "retired")).any(), org
    assert dev.device_id.is_unique


def test_nearly_every_person_with_a_mobile_subscription_has_a_phone(raw):
    subs, dev = raw("subscriptions"), raw("devices")
    people = subs[(subs.service_type == "mobile_voice") & subs.closed_on.isna()]
    phones = dev[(dev.device_type == "phone") & dev.subscription_id.notna()]
    covered = people.subscription_id.isin(phones.subscription_id)
    assert covered.mean() > 0.94          # a few use their own phone
    assert not covered.all()
    linked = phones.merge(subs, on=["org_id", "subscription_id"], suffixes=("", "_sub"))
    assert len(linked) == len(phones)
    assert (linked.cost_centre == linked.cost_centre_sub).all()
    assert (linked.user_name == linked.user_name_sub).all()
    # some devices were left on closed subscriptions, still leased
    closed = linked[linked.closed_on.notna() & (linked.status != "retired") & linked.lease_end.notna()]
    assert len(closed) > 0


def test_imeis_are_valid_and_dates_consistent(raw):
    dev = raw("devices")
    with_imei = dev[dev.imei.notna()]
    assert len(with_imei) > 100
    assert all(std_imei.is_valid(x) for x in with_imei.imei)
    assert with_imei.imei.is_unique
    assert set(dev.loc[dev.imei.notna(), "device_type"]) <= {"phone", "tablet", "network"}
    assert (pd.to_datetime(dev.purchased_on) <= NOW).all()
    assert (dev.warranty_until > dev.purchased_on).all()
    leased = dev[dev.lease_end.notna()]
    assert (leased.monthly_lease > 0).all() and (leased.lease_end > leased.purchased_on).all()
    assert dev[dev.lease_end.isna()].monthly_lease.isna().all()


def test_device_history_is_before_now_and_names_known_devices(raw):
    ev, dev = raw("device_events"), raw("devices")
    assert (ev.event_at <= NOW).all()
    assert set(ev.event_type) == {"assigned", "returned", "repaired", "retired"}
    merged = ev.merge(dev[["org_id", "device_id"]], on=["org_id", "device_id"], how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    retired = dev[dev.status == "retired"]
    assert retired.device_id.isin(ev[ev.event_type == "returned"].device_id).mean() > 0.5
