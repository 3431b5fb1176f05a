"""AppTest: the device page for every persona that has it, its figures against the reports
recomputed in pandas, filters from the URL, a device's detail, English strings, the
employee's own devices on their usage page, and the optimisation page's device rule."""

from __future__ import annotations

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_money, fmt_number
from reporting.ui.navigation import pages_for
from tests.conftest import DEMO_TODAY
from tests.helpers import MAIN_USER, app_as, open_page, open_tab

ORG = "pohjola"
TODAY = pd.Timestamp(DEMO_TODAY)


@pytest.fixture(autouse=True)
def _app(app_env):
    return app_env


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.success)]
    parts += [h.value for h in (*at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def _leased_laptops(raw) -> pd.DataFrame:
    d = raw("devices")
    d = d[(d.org_id == ORG) & (d.device_type == "laptop")]
    return d[pd.to_datetime(d.lease_end) >= TODAY]


def test_device_page_for_every_persona_that_has_it(demo_path):
    db = Database(demo_path)
    try:
        personas = demo_personas(db)
    finally:
        db.close()
    seen = set()
    for persona in personas:
        has = "devices" in {p.key for p in pages_for(persona.role)}
        assert has == (persona.role.value != "employee"), persona.user_id
        if not has:
            continue
        at = open_page(app_as(persona.user_id, org=ORG if persona.role.value == "operator" else None), "devices")
        assert not at.exception, (persona.user_id, at.exception)
        assert not at.error, (persona.user_id, [e.value for e in at.error])
        seen.add(persona.role.value)
    assert {"operator", "main_user", "manager", "analyst"} <= seen


def test_laptops_leased_their_monthly_cost_and_leases_ending_in_90_days_from_the_url(raw):
    at = open_page(app_as(MAIN_USER), "devices", type="Kannettava")  # a bound multiselect keeps its label in the URL
    assert not at.exception
    lap = _leased_laptops(raw)
    ending = lap[(pd.to_datetime(lap.lease_end) <= TODAY + pd.Timedelta(days=90)) & (lap.status != "retired")]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Leasingissä"] == fmt_number(len(lap), "fi")
    assert metrics["Leasingkulu / kk"] == fmt_money(round(float(lap.monthly_lease.astype(float).sum()), 2), "fi")
    assert metrics["Leasing päättyy 90 pv:n kuluessa"] == fmt_number(len(ending), "fi")
    assert at.multiselect(key="type").value == ["laptop"]
    # the renewals table lists exactly those leases (refresh cycle 120 months: no demo device is that old)
    at = open_page(app_as(MAIN_USER), "devices", type="Kannettava", refresh="120")
    assert not [df for df in at.dataframe if "renewal_reason" in df.value.columns]     # a tab not open
    at = open_tab(at, "devices_tab", "devices.tab.renewals")
    renewals = next(df.value for df in at.dataframe if "renewal_reason" in df.value.columns)
    assert set(renewals.device_id) == set(ending.device_id)
    assert set(renewals.renewal_reason) == {"Leasing päättymässä"}


def test_english_and_one_device_with_its_history(raw):
    dev = raw("devices")
    ev = raw("device_events")
    one = ev[(ev.org_id == ORG) & ev.device_id.isin(dev[dev.subscription_id.notna()].device_id)].device_id.iloc[0]
    at = open_page(app_as(MAIN_USER, lang="en"), "devices", device=one)
    assert not at.exception
    text = _texts(at)
    assert "Devices" in text and "Device history" in text and "Costs of the device's subscription" in text
    assert at.selectbox(key="device").value == one
    history = next(df.value for df in at.dataframe if "event_type" in df.value.columns)
    assert len(history) == (ev[(ev.org_id == ORG) & (ev.device_id == one)]).shape[0]


def test_employee_sees_the_devices_of_their_subscriptions(demo_path, raw):
    db = Database(demo_path)
    try:
        emp = next(p for p in demo_personas(db) if p.role.value == "employee")
    finally:
        db.close()
    at = open_page(app_as(emp.user_id), "my_usage")
    assert not at.exception
    assert "Omat laitteeni" in _texts(at)
    dev = raw("devices")
    scope = emp.scope(None)
    mine = dev[(dev.org_id == scope.org_id) & dev.subscription_id.isin(scope.subscriptions or ())]
    table = next(df.value for df in at.dataframe if "device_id" in df.value.columns)
    assert set(table.device_id) == set(mine.device_id) and len(mine) > 0


def test_optimisation_page_lists_leased_devices_with_no_user_or_on_a_closed_subscription(demo_db):
    from reporting.devices.reports import optimisation_devices

    at = open_page(app_as(MAIN_USER), "optimisation")
    assert not at.exception
    expected = optimisation_devices(demo_db, Scope.organisation(ORG))
    assert len(expected) > 0
    table = next(df.value for df in at.dataframe if "device_finding" in df.value.columns)
    assert set(table.device_id) == set(expected.device_id)


def test_device_page_of_an_organisation_without_devices(demo_path, tmp_path, monkeypatch):
    """saimaa's devices removed from a copy: the page shows zeros and says there are none."""
    import shutil

    import duckdb

    from tests.helpers import OPERATOR

    path = tmp_path / "nodev.duckdb"
    shutil.copyfile(demo_path, path)
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM device_events WHERE org_id = 'saimaa'")
    con.execute("DELETE FROM devices WHERE org_id = 'saimaa'")
    con.close()
    monkeypatch.setenv("REPORTING_DB", str(path))
    at = open_page(app_as(OPERATOR, org="saimaa"), "devices")
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Laitteita käytössä"] == "0"
    assert "Ei laitteita valituilla ehdoilla." in _texts(at)


def test_the_device_picker_sends_a_page_of_devices_and_still_opens_any_device_from_the_url(raw):
    dev = raw("devices")
    mine = dev[dev.org_id == ORG]
    assert len(mine) > 200                   # more devices than the picker lists
    for one in (mine.device_id.max(), mine.device_id.min()):
        at = open_page(app_as(MAIN_USER), "devices", device=one)
        assert not at.exception
        picker = at.selectbox(key="device")
        assert picker.value == one
        assert one in picker.options and len(picker.options) <= 201
