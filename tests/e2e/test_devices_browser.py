"""The device page in a real browser answers "how many laptops do we lease, at what monthly
cost, which leases end in the next 90 days": the key figures and the renewals download equal
a recomputation from the raw device rows."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.i18n import fmt_money, fmt_number
from tests.conftest import DEMO_TODAY
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_leased_laptops_their_cost_and_the_leases_ending_in_90_days(server, page, demo_path, tmp_path):
    con = duckdb.connect(str(demo_path), read_only=True)
    try:
        lap = con.execute(
            "SELECT device_id, status::VARCHAR AS status, lease_end, monthly_lease::DOUBLE AS fee FROM devices "
            "WHERE org_id = 'pohjola' AND device_type = 'laptop' AND lease_end >= ?", [DEMO_TODAY]).df()
    finally:
        con.close()
    ending = lap[(pd.to_datetime(lap.lease_end) <= pd.Timestamp(DEMO_TODAY) + pd.Timedelta(days=90))
                 & (lap.status != "retired")]
    assert len(lap) and len(ending)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url + "/devices?type=Kannettava")
    wait_for_app(page, "Leasingkulu / kk")
    def metric(label: str) -> str:
        return page.locator('[data-testid="stMetric"]', has_text=label).inner_text().split("\n")[-1].strip()

    assert metric("Leasingissä") == fmt_number(len(lap), "fi")
    assert metric("Leasingkulu / kk") == fmt_money(round(float(lap.fee.sum()), 2), "fi")
    assert metric("Leasing päättyy 90 pv:n kuluessa") == fmt_number(len(ending), "fi")
    page.screenshot(path=str(tmp_path / "devices.png"), full_page=False)

    page.get_by_role("tab", name="Uusittavat").click()
    wait_for_app(page, "Käytössä olevat laitteet, joiden leasing päättyy")
    panel = page.get_by_role("tabpanel", name="Uusittavat")
    with page.expect_download() as info:
        panel.get_by_role("button", name="CSV (kansainvälinen)").click()
    csv = pd.read_csv(io.BytesIO(Path(info.value.path()).read_bytes()), dtype=str)
    lease = csv[csv.renewal_reason.isin(["lease_ending", "lease_ended"])]
    assert set(lease.device_id) == set(ending.device_id)
