"""AppTest: the orders-and-deliveries page for every persona that has it, its key figures and
tables against the raw rows recomputed in pandas, filters from the URL, English strings."""

from __future__ import annotations

import pandas as pd
import pytest

from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_number
from reporting.ui.navigation import pages_for
from tests.conftest import DEMO_TODAY
from tests.helpers import MAIN_USER, app_as, open_page, open_tab

ORG = "pohjola"
TODAY = pd.Timestamp(DEMO_TODAY)
OPEN = {"received", "in_progress", "waiting_for_customer"}


@pytest.fixture(autouse=True)
def _app(app_env):
    return app_env


def _orders(raw) -> pd.DataFrame:
    o = raw("service_orders")
    return o[o.org_id == ORG]


def test_page_for_every_persona_that_has_it(demo_path):
    db = Database(demo_path)
    try:
        personas = demo_personas(db)
    finally:
        db.close()
    seen = set()
    for persona in personas:
        has = "service_orders" in {p.key for p in pages_for(persona.role)}
        assert has == (persona.role.value != "employee"), persona.user_id
        if not has:
            continue
        at = open_page(app_as(persona.user_id, org=ORG if persona.role.value == "operator" else None),
                       "service_orders")
        assert not at.exception, (persona.user_id, at.exception)
        assert not at.error, (persona.user_id, [e.value for e in at.error])
        seen.add(persona.role.value)
    assert {"operator", "main_user", "manager", "analyst"} <= seen


def test_main_user_sees_open_and_late_orders_in_finnish(raw):
    at = open_page(app_as(MAIN_USER), "service_orders")
    assert not at.exception
    assert at.title[0].value == "Tilaukset ja toimitukset"
    o = _orders(raw)
    is_open = o.state.isin(OPEN)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Avoimia tilauksia"] == fmt_number(is_open.sum(), "fi")
    assert metrics["Avoimia myöhässä"] == fmt_number((is_open & (pd.to_datetime(o.promised_by) < TODAY)).sum(), "fi")
    opened = next(df.value for df in at.dataframe if "days_open" in df.value.columns)
    # the late orders are drawn when their tab is opened (lazy tabs)
    at = open_tab(at, "sorders_tab", "sorders.tab.late")
    tables = [df.value for df in at.dataframe]
    late = next(t for t in tables if "delivered_at" in t.columns and "is_open" not in t.columns)
    promised = pd.to_datetime(o.promised_by)
    expected = o[(is_open & (promised < TODAY)) | ((o.state == "delivered") & (o.delivered_at.dt.normalize() > promised))]
    assert set(late.order_id) == set(expected.order_id)
    assert "Käsittelyssä" in set(late.state) | set(opened.state)


def test_filters_from_the_url_and_english(raw):
    at = open_page(app_as(MAIN_USER, lang="en"), "service_orders", type="Device")   # the label, as Streamlit binds it
    assert not at.exception
    assert at.title[0].value == "Orders and deliveries"
    assert at.multiselect(key="type").value == ["device"]
    o = _orders(raw)
    o = o[o.order_type == "device"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open orders"] == fmt_number(o.state.isin(OPEN).sum(), "en")
    at = open_tab(at, "sorders_tab", "sorders.tab.all", lang="en")
    assert at.multiselect(key="type").value == ["device"]        # the filter stays
    every = next(df.value for df in at.dataframe if "delivery_days" in df.value.columns)
    assert set(every.order_id) == set(o.order_id)
    assert set(every.order_type) == {"Device"}                 # the word on screen
