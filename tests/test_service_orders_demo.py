"""Invariants of the demo service orders, checked with plain pandas on the raw tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.conftest import DEMO_TODAY

NOW = pd.Timestamp(dt.datetime.combine(DEMO_TODAY, dt.time(9, 0)))
OPEN = {"received", "in_progress", "waiting_for_customer"}


def test_every_organisation_has_open_late_and_delivered_orders(raw):
    orders, orgs = raw("service_orders"), raw("organisations")
    assert set(orders.org_id) == set(orgs.org_id)
    for org, o in orders.groupby("org_id"):
        is_open = o.state.isin(OPEN)
        promised = pd.to_datetime(o.promised_by)
        assert is_open.any(), org
        assert (is_open & (promised < NOW.normalize())).any(), org          # open and late
        assert (is_open & (promised >= NOW.normalize())).any(), org         # open, still in time
        delivered = o[o.state == "delivered"]
        assert len(delivered) > len(o) / 2, org                             # most delivered
        late = delivered.delivered_at.dt.normalize() > pd.to_datetime(delivered.promised_by)
        assert 0 < late.sum() < len(delivered) / 2, org                     # some late, most on time
        assert set(o.order_type) == {"new_subscription", "device", "change", "termination", "other"}, org
    assert not orders.duplicated(["org_id", "order_id"]).any()


def test_orders_obey_the_import_rules(raw):
    orders, subs, centres = raw("service_orders"), raw("subscriptions"), raw("cost_centres")
    assert (orders.ordered_at <= NOW).all() and (orders.state_at <= NOW).all()
    assert (orders.state_at >= orders.ordered_at).all()
    assert (pd.to_datetime(orders.promised_by) >= orders.ordered_at.dt.normalize()).all()
    delivered = orders.state == "delivered"
    assert orders.delivered_at[delivered].notna().all() and orders.delivered_at[~delivered].isna().all()
    assert (orders.delivered_at[delivered] >= orders.ordered_at[delivered]).all()
    with_sub = orders[orders.subscription_id.notna()]
    linked = with_sub.merge(subs, on=["org_id", "subscription_id"], suffixes=("", "_sub"))
    assert len(linked) == len(with_sub) > 0
    assert (linked.cost_centre == linked.cost_centre_sub).all()
    known = orders.merge(centres, left_on=["org_id", "cost_centre"], right_on=["org_id", "code"])
    assert len(known) == len(orders)
