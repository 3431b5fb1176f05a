"""The cost pages through AppTest, driven by widget keys and URL parameters: the overview's
figures equal the reports', the drill-down follows the URL and its breadcrumbs go back up, and
a URL id outside the user's scope shows nothing of it."""

from __future__ import annotations

import pandas as pd
import pytest

from reporting.access.scope import Role
from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import fmt_money
from tests.helpers import MAIN_USER, app_as, open_page
from tests.test_costs import cents, dec_sum, descendants

ORG = "pohjola"


@pytest.fixture(scope="module")
def personas(demo_path):
    db = Database(demo_path)
    try:
        return {p.role: p for p in demo_personas(db) if p.org_id in (None, ORG)}
    finally:
        db.close()


@pytest.fixture(scope="module")
def org_lines(raw):
    ch = raw("charges")
    ch = ch[ch.org_id == ORG].copy()
    subs = raw("subscriptions")
    subs = subs[subs.org_id == ORG][["subscription_id", "cost_centre"]]
    ch = ch.merge(subs.rename(columns={"cost_centre": "sub_cc"}), on="subscription_id", how="left")
    ch["centre"] = ch.sub_cc.where(ch.sub_cc.notna(), ch.cost_centre)
    ch["cents"] = ch.amount.map(cents)
    ch["month"] = pd.to_datetime(ch.invoice_month)
    return ch


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_overview_figures_follow_the_period_filter(app_env, org_lines):
    at = app_as(MAIN_USER)
    at = open_page(at, "costs")
    assert not at.exception
    latest = org_lines.month.max()
    expected = dec_sum(org_lines[org_lines.month == latest].cents)
    assert metric(at, "Kustannukset (alv 0 %)") == fmt_money(expected, "fi")
    # choose the period's last month with the bound widget: the figures follow
    at.selectbox(key="to").set_value("2026-03").run()
    assert not at.exception
    march = dec_sum(org_lines[org_lines.month == pd.Timestamp(2026, 3, 1)].cents)
    assert metric(at, "Kustannukset (alv 0 %)") == fmt_money(march, "fi")
    assert any("maaliskuu 2026" in m.value for m in at.markdown)


def test_overview_in_english_for_another_month(app_env, org_lines):
    at = app_as(MAIN_USER, lang="en")
    at = open_page(at, "costs")
    at.selectbox(key="to").set_value("2025-12").run()
    assert not at.exception
    # (the URL side of the binding is the browser's job: tests/e2e/test_costs_browser.py)
    dec = dec_sum(org_lines[org_lines.month == pd.Timestamp(2025, 12, 1)].cents)
    assert metric(at, "Total cost (VAT 0%)") == fmt_money(dec, "en")


def test_drilldown_follows_the_url_and_breadcrumbs_go_up(app_env, raw, org_lines):
    at = app_as(MAIN_USER)
    at = open_page(at, "drilldown", centre="1000")
    assert not at.exception and not at.main.warning
    months = sorted(org_lines.month.unique())[-12:]
    in_period = org_lines[org_lines.month.isin(months)]
    below = descendants(raw, ORG, ["1000"])
    assert metric(at, "Yhteensä (alv 0 %)") == fmt_money(dec_sum(in_period[in_period.centre.isin(below)].cents), "fi")
    labels = [b.label for b in at.button if b.key and b.key.startswith("crumb_")]
    assert labels == ["Organisaatio", "1000 Hallinto"]
    # one level down by URL, then back to the top with the first breadcrumb
    at = open_page(at, "drilldown", centre="1100")
    name = raw("cost_centres").query("org_id == @ORG and code == '1100'").name.iloc[0]
    assert [b.label for b in at.button if b.key and b.key.startswith("crumb_")][-2:] == ["1000 Hallinto",
                                                                                       f"1100 {name}"]
    at.button(key="crumb_0").click().run()
    assert not at.exception
    assert "centre" not in at.query_params
    assert metric(at, "Yhteensä (alv 0 %)") == fmt_money(dec_sum(in_period.cents), "fi")


def test_drilldown_to_a_subscriptions_month(app_env, org_lines):
    sub = org_lines[(org_lines.category == "roaming")].sort_values("amount").subscription_id.iloc[-1]
    month = org_lines[(org_lines.subscription_id == sub) & (org_lines.category == "roaming")].month.max()
    at = app_as(MAIN_USER)
    at = open_page(at, "drilldown", sub=sub, month=month.strftime("%Y-%m"))
    assert not at.exception and not at.main.warning
    mine = org_lines[(org_lines.subscription_id == sub) & (org_lines.month == month)]
    assert any(fmt_money(dec_sum(mine.cents), "fi") in c.value for c in at.caption)
    lines_table = at.dataframe[0].value          # the invoice lines come first, then daily usage
    assert len(lines_table) == len(mine)
    assert len(at.dataframe[1].value) == month.days_in_month
    # the month breadcrumb exists; the subscription crumb goes back to its months
    crumbs = [b for b in at.button if b.key and b.key.startswith("crumb_")]
    crumbs[-2].click().run()
    assert not at.exception
    assert at.query_params.get("sub") in (sub, [sub]) and "month" not in at.query_params


def test_url_ids_outside_the_scope_show_nothing(app_env, personas, raw):
    employee = personas[Role.EMPLOYEE]
    (own,) = employee.subscriptions
    subs = raw("subscriptions")
    other = subs[(subs.org_id == ORG) & (subs.subscription_id != own)].subscription_id.iloc[0]
    at = app_as(employee.user_id)
    at = open_page(at, "drilldown", sub=other, month="2026-10")
    assert not at.exception
    assert any(other in w.value for w in at.main.warning)
    assert not any(other in str(b.label) for b in at.button)
    manager = personas[Role.MANAGER]
    (granted,) = manager.cost_centres
    outside = next(c for c in raw("cost_centres").query("org_id == @ORG and parent_code.isna()").code
                   if c != granted)
    at = app_as(manager.user_id)
    at = open_page(at, "drilldown", centre=outside)
    assert not at.exception
    assert any(outside in w.value for w in at.main.warning)


def test_usage_page_lists_idle_subscriptions(app_env):
    at = app_as(MAIN_USER)
    at = open_page(at, "usage")
    assert not at.exception
    caption = next(c.value for c in at.caption if "ei käyttöä" in c.value)
    idle = int("".join(ch for ch in caption.split(" liittymällä")[0] if ch.isdigit()))
    assert idle > 0
    at.toggle(key="no_usage").set_value(True).run()
    assert not at.exception
    table = next(d for d in at.dataframe if d.key == "usage_by_sub")
    assert len(table.value) == idle


def test_deviations_threshold_widgets(app_env):
    at = app_as(MAIN_USER)
    at = open_page(at, "deviations")
    assert not at.exception
    n_default = len(next(d for d in at.dataframe if d.key == "dev_table").value)
    at.number_input(key="share").set_value(200).run()
    assert not at.exception
    strict = [d for d in at.dataframe if d.key == "dev_table"]
    assert (len(strict[0].value) if strict else 0) < n_default
