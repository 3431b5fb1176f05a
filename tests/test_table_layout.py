"""Tables at 1440 px (issue 14, point 5): the key amount comes right after the identity
columns, every column has its configuration (label, width, alignment of figures), and a table
wider than the screen shows its first columns with a chooser instead of a horizontal scroll."""

from __future__ import annotations

import json

from reporting.ui.tables import MAX_VISIBLE_COLUMNS, column_width, screen_order
from tests.helpers import MAIN_USER, app_as, open_page


def test_screen_order():
    by_sub = ["subscription_id", "phone_number", "user_name", "cost_centre", "cost_centre_name", "plan",
              "service_type", "monthly_fee", "usage", "roaming", "amount"]
    assert screen_order(by_sub) == ["subscription_id", "phone_number", "user_name", "amount", "cost_centre",
                                    "cost_centre_name", "plan", "service_type", "monthly_fee", "usage", "roaming"]
    children = ["cost_centre", "cost_centre_name", "is_own", "subscriptions", "amount"]
    assert screen_order(children) == ["cost_centre", "cost_centre_name", "amount", "is_own", "subscriptions"]
    deviations = ["level", "subscription_id", "user_name", "cost_centre", "cost_centre_name", "reason", "month",
                  "amount", "avg_prev_3"]
    assert screen_order(deviations) == ["level", "month", "subscription_id", "user_name", "cost_centre",
                                        "cost_centre_name", "amount", "reason", "avg_prev_3"]
    roaming = ["zone", "country", "country_name", "data_gb", "amount"]
    assert screen_order(roaming) == ["country", "country_name", "zone", "amount", "data_gb"]
    # a column formatted as something else than money is not the key amount
    assert screen_order(["month", "amount", "x"], {"amount": "num2"}) == ["month", "amount", "x"]
    assert screen_order(["x", "usage_amount", "month"]) == ["month", "usage_amount", "x"]
    # a summary by optimisation rule or follow-up stage: the rule first, then its saving
    by_rule = ["saving_month", "finding_rule", "findings", "saving_year"]
    assert screen_order(by_rule) == ["finding_rule", "saving_month", "findings", "saving_year"]
    assert screen_order(["estimated_saving_month", "followup_stage", "n"]) == [
        "followup_stage", "estimated_saving_month", "n"]
    # a follow-up row: who, then the estimated saving (it was behind the column chooser)
    followup = ["subscription_id", "user_name", "followup_stage", "cost_centre", "finding_rule",
                "decided_action", "reason", "x1", "x2", "estimated_saving_month"]
    assert screen_order(followup)[:3] == ["subscription_id", "user_name", "estimated_saving_month"]
    findings = ["subscription_id", "user_name", "saving_month", "finding_rule"]
    assert screen_order(findings) == findings          # a subscription's row: who comes first
    assert column_width("user_name", None) == "medium" and column_width("description", None) == "large"
    assert column_width("amount", "money") is None and column_width("cost_centre", None) == "small"


def _table(at, key):
    df = next(d for d in at.dataframe if d.key == key)
    return df, json.loads(df.proto.columns)


def test_costs_pages_tables_in_screen_order_with_config(app_env):
    at = open_page(app_as(MAIN_USER), "costs")
    assert not at.exception
    top, config = _table(at, "costs_top_subs")
    assert list(top.value.columns)[:3] == ["subscription_id", "user_name", "amount"]
    assert config["amount"]["label"] == "Summa (alv 0 %)"
    assert config["amount"]["alignment"] == "right"
    assert config["user_name"]["width"] == "medium"
    assert all("label" in config[c] for c in top.value.columns)     # every column configured

    at = open_page(at, "deviations")
    assert not at.exception
    dev, config = _table(at, "dev_table")
    cols = list(dev.value.columns)
    assert cols[:6] == ["level", "subscription_id", "user_name", "cost_centre", "cost_centre_name", "amount"]
    assert len(cols) > MAX_VISIBLE_COLUMNS
    # a wide table: the first columns are shown, a chooser offers the rest
    assert list(dev.proto.column_order) == cols[:MAX_VISIBLE_COLUMNS]
    chooser = at.multiselect(key="dev_table_columns")
    assert list(chooser.value) == cols[:MAX_VISIBLE_COLUMNS]
    chooser.set_value(["level", "amount", "driver_country"]).run()
    assert not at.exception
    dev, _ = _table(at, "dev_table")
    assert list(dev.proto.column_order) == ["level", "amount", "driver_country"]
