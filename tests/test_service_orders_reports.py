"""The service-order reports against figures recomputed here with plain pandas from the raw
demo rows: open orders, late ones, delivery by month against the promise, key figures; the
scope of a manager; the portal's own orders for the operator and the main user only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.registry import all_reports, run_report
from reporting.orders.ordering import advance, submit_order
from reporting.orders.pricing import load_price_list
from reporting.publish.export import FORMATS, export_bytes
from tests.conftest import DEMO_TODAY
from tests.test_orders import GOOD, OPERATOR, PRICES

TODAY = pd.Timestamp(DEMO_TODAY)
OPEN = {"received", "in_progress", "waiting_for_customer"}
ORG = "pohjola"


def _orders(raw, org=ORG) -> pd.DataFrame:
    o = raw("service_orders")
    return o[o.org_id == org].copy()


def _late(o: pd.DataFrame) -> pd.Series:
    promised = pd.to_datetime(o.promised_by)
    delivered_day = o.delivered_at.dt.normalize()
    return ((o.state.isin(OPEN) & (promised < TODAY))
            | ((o.state == "delivered") & (delivered_day > promised))).fillna(False)


def test_open_and_late_orders_match_the_raw_rows(demo_db, raw):
    o = _orders(raw)
    got = run_report("service-orders-open", demo_db, Scope.organisation(ORG))
    expected = o[o.state.isin(OPEN)].sort_values(["ordered_at", "order_id"])
    assert list(got.order_id) == list(expected.order_id) and len(got) > 0
    assert list(got.days_open) == [(TODAY - t.normalize()).days for t in expected.ordered_at]
    late = run_report("service-orders-late", demo_db, Scope.organisation(ORG))
    assert set(late.order_id) == set(o[_late(o)].order_id)
    assert late.state.isin(OPEN).any() and (late.state == "delivered").any()
    row = late.iloc[0]
    raw_row = o[o.order_id == row.order_id].iloc[0]
    end = raw_row.delivered_at.normalize() if raw_row.state == "delivered" else TODAY
    assert row.days_late == (end - pd.Timestamp(raw_row.promised_by)).days == late.days_late.max()


def test_delivery_by_month_against_the_promise(demo_db, raw):
    o = _orders(raw)
    d = o[o.state == "delivered"].copy()
    d["month"] = [dt.date(t.year, t.month, 1) for t in d.delivered_at]
    got = run_report("service-orders-delivery-by-month", demo_db, Scope.organisation(ORG)).set_index("month")
    assert list(got.index) == sorted(d.month.unique())
    for month, g in d.groupby("month"):
        row = got.loc[month]
        promised = pd.to_datetime(g.promised_by)
        on_time = (g.delivered_at.dt.normalize() <= promised).sum()
        assert row.delivered == len(g) and row.on_time == on_time
        assert row.on_time_share == pytest.approx(on_time / promised.notna().sum())
        days = sorted((g.delivered_at - g.ordered_at).dt.total_seconds() / 86400)
        assert row.median_delivery_days == pytest.approx(pd.Series(days).median(), abs=0.01)
    assert (got.on_time_share < 1).any()


def test_key_figures(demo_db, raw):
    o = _orders(raw)
    k = run_report("service-orders-kpis", demo_db, Scope.organisation(ORG)).iloc[0]
    assert k.open_orders == o.state.isin(OPEN).sum()
    assert k.late_open == (o.state.isin(OPEN) & (pd.to_datetime(o.promised_by) < TODAY)).sum() > 0
    recent = o[(o.state == "delivered") & (o.delivered_at >= TODAY - pd.DateOffset(years=1))]
    assert k.delivered_12m == len(recent)
    on_time = (recent.delivered_at.dt.normalize() <= pd.to_datetime(recent.promised_by)).mean()
    assert k.on_time_share_12m == pytest.approx(on_time)


def test_a_manager_sees_the_orders_of_their_centres(demo_db, raw):
    cc, subs = raw("cost_centres"), raw("subscriptions")
    tree = cc[cc.org_id == ORG]
    centres = {"2000"}
    while True:
        more = set(tree[tree.parent_code.isin(centres)].code) - centres
        if not more:
            break
        centres |= more
    o = _orders(raw).merge(subs[["org_id", "subscription_id", "cost_centre"]], how="left",
                           on=["org_id", "subscription_id"], suffixes=("", "_sub"))
    counted = o.cost_centre_sub.where(o.subscription_id.notna(), o.cost_centre)
    expected = set(o[counted.isin(centres)].order_id)
    manager = User("g", "G", Role.MANAGER, org_id=ORG, cost_centres=frozenset({"2000"}))
    got = run_report("service-orders", demo_db, manager.scope(None))
    assert set(got.order_id) == expected and 0 < len(expected) < len(o)
    assert set(got.cost_centre) <= centres


def test_filters_by_type_and_state(demo_db, raw):
    o = _orders(raw)
    got = run_report("service-orders", demo_db, Scope.organisation(ORG), order_types=["device"],
                     states=["delivered", "cancelled"])
    assert set(got.order_id) == set(o[(o.order_type == "device") & o.state.isin({"delivered", "cancelled"})].order_id)


@pytest.fixture
def portal_order(demo_path, tmp_path, monkeypatch):
    """A reporting-service order of kaarna in the state store, deployed."""
    store = tmp_path / "state.sqlite"
    monkeypatch.setenv("REPORTING_STATE_DB", str(store))
    con = duckdb.connect(str(demo_path), read_only=True)
    bid = con.execute("SELECT business_id FROM organisations WHERE org_id = 'kaarna'").fetchall()[0][0]
    con.close()
    result = submit_order(dataclasses.replace(GOOD, business_id=bid), orderer=OPERATOR,
                          today=dt.date(2026, 11, 27), price_list=load_price_list(PRICES),
                          known_orgs={bid: "kaarna"}, path=store)
    advance(result.order_id, "in_progress", actor=OPERATOR, path=store)
    advance(result.order_id, "deployed", actor=OPERATOR, path=store)
    return result.order_id


def test_portal_orders_for_the_operator_and_main_user_only(demo_db, raw, portal_order):
    main = User("m", "M", Role.MAIN_USER, org_id="kaarna")
    operator = User("op", "Op", Role.OPERATOR)
    analyst = User("a", "A", Role.ANALYST, org_id="kaarna")
    for viewer in (main, operator):
        got = run_report("service-orders", demo_db, viewer.scope("kaarna"), viewer=viewer)
        row = got[got.order_id == portal_order]
        assert len(row) == 1, viewer
        assert row.iloc[0].order_type == "reporting_service" and row.iloc[0].state == "delivered"
        assert row.iloc[0].promised_by == GOOD.training_date
        assert len(got) == len(_orders(raw, "kaarna")) + 1
        month = run_report("service-orders-delivery-by-month", demo_db, viewer.scope("kaarna"), viewer=viewer)
        plain = run_report("service-orders-delivery-by-month", demo_db, viewer.scope("kaarna"))
        assert month.delivered.sum() == plain.delivered.sum() + 1
    for viewer in (analyst, None):
        got = run_report("service-orders", demo_db, analyst.scope("kaarna"), viewer=viewer)
        assert portal_order not in set(got.order_id)
    # the operator looking at another organisation does not see kaarna's
    got = run_report("service-orders", demo_db, operator.scope("pohjola"), viewer=operator)
    assert portal_order not in set(got.order_id)


ORDER_REPORTS = [n for n in all_reports() if n.startswith("service-orders")]


@pytest.mark.parametrize("name", ORDER_REPORTS)
def test_every_order_report_exports_in_every_format(name, demo_db):
    df = all_reports()[name].func(demo_db, Scope.organisation(ORG))
    assert len(df) > 0, name
    for fmt in FORMATS:
        for lang in ("fi", "en"):
            data = export_bytes(df, fmt, lang)
            if fmt == "xlsx":
                assert openpyxl.load_workbook(io.BytesIO(data)).active.max_row == len(df) + 1, (name, lang)
            elif fmt == "parquet":
                assert len(pd.read_parquet(io.BytesIO(data))) == len(df)
            else:
                assert data.decode("utf-8-sig").count("\n") >= len(df), (name, fmt)
