"""Orders and deliveries in a real browser (issue 17): the type filter from the URL, the open
orders with the late ones flagged, the late list and the export of every order, each equal to a
recomputation from the raw demo rows."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from reporting.i18n import fmt_number
from tests.conftest import DEMO_TODAY
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

TODAY = pd.Timestamp(DEMO_TODAY)
OPEN = {"received", "in_progress", "waiting_for_customer"}


def _csv(page, panel) -> pd.DataFrame:
    with page.expect_download() as info:
        panel.get_by_role("button", name="CSV (kansainvälinen)").click()
    return pd.read_csv(io.BytesIO(Path(info.value.path()).read_bytes()), dtype=str)


def test_device_orders_open_late_and_exported_from_a_url_filter(server, page, raw):
    o = raw("service_orders")
    o = o[(o.org_id == "pohjola") & (o.order_type == "device")]
    promised = pd.to_datetime(o.promised_by)
    is_open = o.state.isin(OPEN)
    open_late = is_open & (promised < TODAY)
    delivered_late = (o.state == "delivered") & (pd.to_datetime(o.delivered_at).dt.normalize() > promised)
    assert is_open.any() and (open_late | delivered_late).any()

    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(server.url + "/service_orders?type=Laite")     # the label, as the bound filter keeps it
    wait_for_app(page, "Avoimia tilauksia")
    chips = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "Laite" in chips and "Muutos" not in chips

    def metric(label: str) -> str:
        return page.locator('[data-testid="stMetric"]', has_text=label).inner_text().split("\n")[-1].strip()

    assert metric("Avoimia tilauksia") == fmt_number(is_open.sum(), "fi")
    assert metric("Avoimia myöhässä") == fmt_number(open_late.sum(), "fi")

    # the open orders, each flagged late or not
    tab_open = f"Avoimet ({fmt_number(is_open.sum(), 'fi')})"
    opened = _csv(page, page.get_by_role("tabpanel", name=tab_open))
    assert set(opened.order_id) == set(o[is_open].order_id)
    flagged = dict(zip(opened.order_id, opened.late == "True", strict=True))
    assert flagged == dict(zip(o[is_open].order_id, open_late[is_open], strict=True))

    page.get_by_role("tab", name="Myöhässä").click()
    panel = page.get_by_role("tabpanel", name="Myöhässä")
    panel.get_by_role("button", name="CSV (kansainvälinen)").wait_for()
    late = _csv(page, panel)
    assert set(late.order_id) == set(o[open_late | delivered_late].order_id)

    page.get_by_role("tab", name="Kaikki tilaukset").click()
    panel = page.get_by_role("tabpanel", name="Kaikki tilaukset")
    panel.get_by_role("button", name="CSV (kansainvälinen)").wait_for()
    every = _csv(page, panel)
    assert len(every) == len(o) and set(every.order_id) == set(o.order_id)
    assert set(every.order_type) == {"device"}
