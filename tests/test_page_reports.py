"""The figures and decisions the pages used to compute themselves, now report columns and
``*-kpis`` reports (issue 13): each checked against an independent recomputation from the raw
tables, or against the report the page used before."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.registry import run_report
from tests.test_costs import cents, dec_sum

ORG = "pohjola"
SCOPE = Scope.organisation(ORG)
OCT = dt.date(2026, 10, 1)


def _lines(raw) -> pd.DataFrame:
    ch = raw("charges")
    ch = ch[(ch.org_id == ORG) & (ch.currency == "EUR")].copy()
    ch["cents"] = ch.amount.map(cents)
    ch["month"] = pd.to_datetime(ch.invoice_month)
    return ch


# -- costs -------------------------------------------------------------------------------------

def test_home_headline_change_and_cost_per_subscription(demo_db, raw):
    head = run_report("home-headline", demo_db, SCOPE).iloc[0]
    ch = raw("charges")
    ch = ch[(ch.org_id == ORG) & (ch.currency == "EUR")]
    month = pd.Timestamp(head.month)
    def once(lines) -> float:   # the exact sum of the lines rounded once (docs/reports.md)
        return float(sum((Decimal(repr(float(a))) for a in lines.amount), Decimal(0))
                     .quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    now = once(ch[ch.invoice_month == month])
    before = once(ch[ch.invoice_month == month - pd.DateOffset(months=1)])
    assert head.cost_month == now and head.cost_prev_month == before
    # the change between the two figures shown
    assert head.change_prev_month == pytest.approx((now - before) / abs(before))
    assert head.cost_per_subscription == pytest.approx(round(now / int(head.active_subscriptions), 2), abs=0.006)
    # the same rules as the cost overview (one implementation, reporting.costs.reports)
    ov = run_report("cost-overview", demo_db, SCOPE, month=month.date()).iloc[0]
    assert head.change_prev_month == pytest.approx(ov.change_prev_month, abs=1e-6)
    assert head.cost_per_subscription == pytest.approx(ov.cost_per_subscription, abs=0.01)


def test_daily_usage_has_gigabytes_and_messages(demo_db, raw):
    ud = raw("usage_daily")
    sub = ud[(ud.org_id == ORG) & (ud.usage_type == "mms")].subscription_id.iloc[0]
    got = run_report("subscription-daily-usage", demo_db, SCOPE, subscription=sub, month=OCT)
    mine = ud[(ud.subscription_id == sub) & (pd.to_datetime(ud.usage_date).dt.month == 10)
              & (pd.to_datetime(ud.usage_date).dt.year == 2026)]
    msgs = mine[mine.usage_type.isin(["sms", "mms"])].quantity.sum()
    assert got.messages.sum() == pytest.approx(float(msgs))
    assert (got.messages == got.sms + got.mms).all()
    assert got.data_gb.sum() == pytest.approx(float(mine[mine.usage_type == "data_mb"].quantity.sum()) / 1024,
                                              abs=0.02)
    assert got.messages.cumsum().iloc[-1] == got.sms_cumulative.iloc[-1]


def test_drill_level_total_and_what_is_drillable(demo_db, raw):
    ch = _lines(raw)
    top = run_report("cost-centre-children", demo_db, SCOPE, month_from=OCT, month_to=OCT)
    total = run_report("cost-centre-kpis", demo_db, SCOPE, month_from=OCT, month_to=OCT).iloc[0]
    assert Decimal(str(total.amount)) == dec_sum(ch[ch.month == pd.Timestamp(OCT)].cents)
    assert total.rows == len(top)
    expected = top.has_children.fillna(False).astype(bool) | ~top.is_own.astype(bool)
    assert list(top.drillable) == list(expected)


def test_invoice_lines_total_is_the_sum_of_the_lines(demo_db, raw):
    ch = _lines(raw)
    sub = ch[(ch.month == pd.Timestamp(OCT)) & ch.subscription_id.notna()].subscription_id.iloc[0]
    kpis = run_report("invoice-lines-kpis", demo_db, SCOPE, month=OCT, subscription=sub).iloc[0]
    mine = ch[(ch.month == pd.Timestamp(OCT)) & (ch.subscription_id == sub)]
    assert (kpis.rows, Decimal(str(kpis.amount))) == (len(mine), dec_sum(mine.cents))


def test_costs_by_subscription_without_the_organisation_level_row(demo_db):
    full = run_report("costs-by-subscription", demo_db, SCOPE, month_from=OCT, month_to=OCT)
    subs = run_report("costs-by-subscription", demo_db, SCOPE, month_from=OCT, month_to=OCT,
                      subscriptions_only=True)
    assert full.subscription_id.isna().any() and subs.subscription_id.notna().all()
    assert len(subs) == full.subscription_id.notna().sum()
    top = run_report("costs-by-subscription", demo_db, SCOPE, month_from=OCT, month_to=OCT, limit=10,
                     subscriptions_only=True)
    assert set(top.subscription_id) <= set(subs.subscription_id) and len(top) <= 10


def test_deviation_lines_are_the_four_months_behind_a_flag(demo_db, raw):
    ch = _lines(raw)
    window = ch[(ch.month >= pd.Timestamp(2026, 7, 1)) & (ch.month <= pd.Timestamp(OCT))]
    sub = window.subscription_id.dropna().iloc[0]
    got = run_report("deviation-lines", demo_db, SCOPE, month=OCT, subscription=sub)
    assert len(got) == (window.subscription_id == sub).sum()
    subs = raw("subscriptions").query("org_id == @ORG")
    centre = subs.set_index("subscription_id").at[sub, "cost_centre"]
    got = run_report("deviation-lines", demo_db, SCOPE, month=OCT, cost_centre=centre)
    on_centre = window[window.subscription_id.map(dict(zip(subs.subscription_id, subs.cost_centre, strict=True)))
                       .fillna(window.cost_centre) == centre]
    assert len(got) == len(on_centre) > 0 and set(got.cost_centre) == {centre}


def test_deviations_reason_first_keeps_every_column(demo_db):
    from reporting.costs.deviations import COLUMNS, SCREEN_FIRST, reason_first

    dev = run_report("cost-deviations", demo_db, SCOPE)
    shown = reason_first(dev)
    assert list(shown.columns[:len(SCREEN_FIRST)]) == SCREEN_FIRST and sorted(shown.columns) == sorted(COLUMNS)


# -- usage -------------------------------------------------------------------------------------

def test_usage_kpis_and_the_idle_subscriptions(demo_db):
    subs = run_report("usage-by-subscription", demo_db, SCOPE, month_from=OCT, month_to=OCT)
    idle = run_report("usage-by-subscription", demo_db, SCOPE, month_from=OCT, month_to=OCT,
                      without_usage_only=True)
    k = run_report("usage-kpis", demo_db, SCOPE, month_from=OCT, month_to=OCT).iloc[0]
    assert k.subscriptions == len(subs) and k.subscriptions_without_usage == len(idle) > 0
    assert k.subscriptions_with_usage == int(subs.has_usage.astype(bool).sum())
    assert not idle.has_usage.astype(bool).any()


def test_roaming_by_zone_totals_the_countries(demo_db, raw):
    from reporting.costs.usage import EU_EEA

    got = run_report("roaming-by-zone", demo_db, SCOPE, month_from=OCT, month_to=OCT).set_index("zone")
    assert list(got.index) == ["eu_eea", "rest_of_world"]
    ch = _lines(raw)
    roam = ch[(ch.month == pd.Timestamp(OCT)) & (ch.category == "roaming") & ch.country.notna()]
    outside = roam[~roam.country.isin(EU_EEA)]
    assert Decimal(str(got.at["rest_of_world", "amount"])) == dec_sum(outside.cents)
    ud = raw("usage_daily")
    ud = ud[(ud.org_id == ORG) & (pd.to_datetime(ud.usage_date).dt.to_period("M") == pd.Period("2026-10"))
            & (ud.country != "FI") & (ud.usage_type == "data_mb")]
    eu_gb = float(ud[ud.country.isin(EU_EEA)].quantity.sum()) / 1024
    assert got.at["eu_eea", "data_gb"] == pytest.approx(eu_gb, abs=0.05)


def test_usage_page_money_follows_the_language(app_env, demo_db):
    """The zone captions were a number with ' €' appended: wrong in English."""
    from reporting.i18n import fmt_money
    from tests.helpers import MAIN_USER, app_as, open_page

    at = open_page(app_as(MAIN_USER, lang="en"), "usage")
    assert not at.exception
    months = run_report("cost-months", demo_db, SCOPE).month       # the page's default: 6 months
    zones = run_report("roaming-by-zone", demo_db, SCOPE, month_from=months.iloc[5].date(),
                       month_to=months.iloc[0].date())
    amount = fmt_money(zones.set_index("zone").at["rest_of_world", "amount"], "en")
    assert amount.startswith("€")
    assert any(c.value.endswith(amount) for c in at.caption), [c.value for c in at.caption]


# -- services ----------------------------------------------------------------------------------

def test_status_kpis_count_the_services_not_operational(demo_db):
    overview = run_report("status-overview", demo_db, SCOPE)
    k = run_report("status-kpis", demo_db, SCOPE).iloc[0]
    assert k.services_not_operational == (overview.status != "operational").sum() > 0


def test_status_filters_move_into_the_reports(demo_db):
    cats = run_report("status-categories", demo_db, SCOPE).service_category
    overview = run_report("status-overview", demo_db, SCOPE)
    assert list(cats) == sorted(overview.service_category.unique())
    all_inc = run_report("status-incidents", demo_db, SCOPE)
    one = all_inc.service_category.iloc[0]
    got = run_report("status-incidents", demo_db, SCOPE, categories=(one,))
    assert len(got) == (all_inc.service_category == one).sum() and set(got.service_category) == {one}
    problems = run_report("status-overview", demo_db, SCOPE, problems_only=True)
    uptime = run_report("status-uptime", demo_db, SCOPE, problems_only=True)
    assert set(uptime.service_id) == set(problems.service_id) and len(problems) < len(overview)


def test_open_tickets_filter_and_the_one_status_list(demo_db, raw):
    from reporting.services.reports import OPEN_TICKET_STATUSES

    t = raw("tickets").query("org_id == @ORG")
    sid = t[t.status.isin(OPEN_TICKET_STATUSES)].service_id.value_counts().index[0]
    got = run_report("tickets", demo_db, SCOPE, service_id=sid, all_months=True, open_only=True)
    mine = t[(t.service_id == sid) & t.status.isin(OPEN_TICKET_STATUSES)]
    assert set(got.ticket_id) == set(mine.ticket_id) and len(got) > 0
    assert set(OPEN_TICKET_STATUSES) == {"open", "in_progress"}


def test_sla_for_the_last_twelve_months(demo_db):
    months = run_report("status-months", demo_db, SCOPE)
    got = run_report("status-sla", demo_db, SCOPE, last_months=12)
    latest = [m.date() for m in months.month.iloc[:12]]
    assert sorted({m.date() for m in got.month}) == sorted(latest)
    before = run_report("status-sla", demo_db, SCOPE, month_from=latest[-1], month_to=latest[0])
    pd.testing.assert_frame_equal(got, before)


def test_status_months_mark_the_running_and_the_default_month(demo_db):
    months = run_report("status-months", demo_db, SCOPE)
    assert list(months.partial) == [True] + [False] * (len(months) - 1)       # the data's now: 27.11.2026
    assert months.loc[months.is_default.astype(bool), "month"].tolist() == [pd.Timestamp(OCT)]


def test_sla_kpis_equal_the_reports(demo_db, raw):
    june = dt.date(2026, 6, 1)
    sla = run_report("status-sla", demo_db, SCOPE, month=june)
    t = raw("tickets").query("org_id == @ORG")
    opened = t[(t.opened_at >= "2026-06-01") & (t.opened_at < "2026-07-01")]
    k = run_report("sla-kpis", demo_db, SCOPE, month=june).iloc[0]
    assert k.tickets == len(opened)
    assert k.services_measured == sla.meets_sla.notna().sum()
    assert k.services_meeting_sla == (sla.meets_sla == True).sum()  # noqa: E712 - nullable boolean
    below = sla[sla.meets_sla == False]  # noqa: E712
    assert k.services_below_target == len(below) and k.below_target_names == ", ".join(below.service_name)
    assert k.incidents == sla.incidents.sum()
    assert k.sla_breaches == run_report("tickets", demo_db, SCOPE, month=june, breaches_only=True).shape[0]


# -- messages ----------------------------------------------------------------------------------

@pytest.fixture
def state_path(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite"
    monkeypatch.setenv("REPORTING_STATE_DB", str(path))
    return path


def test_message_kpis_months_and_the_settings_version(demo_db, state_path):
    from reporting.messages.saldoviesti import save_preferences, settings_for

    msgs = run_report("saldoviesti", demo_db, SCOPE, month=OCT)
    before = settings_for(ORG).version
    main = User("m", "M", Role.MAIN_USER, org_id=ORG)
    out = msgs.subscription_id.iloc[:2]
    save_preferences(main, demo_db, ORG, pd.DataFrame({"subscription_id": out, "lang": "en", "opted_out": True}))
    assert settings_for(ORG).version != before
    k = run_report("saldoviesti-kpis", demo_db, SCOPE, month=OCT).iloc[0]
    msgs = run_report("saldoviesti", demo_db, SCOPE, month=OCT)
    sending = msgs[~msgs.opted_out.astype(bool)]
    assert (k.messages, k.opted_out) == (len(msgs) - 2, 2)
    assert k.segments == sending.segments.sum() and k.multi_segment_messages == (sending.segments > 1).sum()
    months = run_report("saldoviesti-months", demo_db, SCOPE).month
    assert months.iloc[0] == pd.Timestamp(2026, 10, 1) and len(months) == 24


def test_preference_changes_are_the_edited_rows():
    from reporting.messages.saldoviesti import preference_changes

    shown = pd.DataFrame({"subscription_id": ["A", "B", "C"], "language": ["fi", "fi", "en"],
                          "opted_out": [False, False, True]})
    edited = shown.assign(language=["fi", "en", "en"], opted_out=[True, False, True])
    got = preference_changes(edited, shown)
    assert got.to_dict("records") == [{"subscription_id": "A", "lang": "fi", "opted_out": True},
                                      {"subscription_id": "B", "lang": "en", "opted_out": False}]
    assert preference_changes(shown, shown).empty


def test_my_usage_for_an_employee(demo_db, raw, state_path):
    subs = raw("subscriptions")
    sub = subs[(subs.org_id == ORG) & (subs.service_type == "mobile_voice") & subs.closed_on.isna()].iloc[0]
    scope = User("e", "E", Role.EMPLOYEE, org_id=ORG, subscriptions=frozenset({sub.subscription_id})).scope(None)
    got = run_report("my-usage", demo_db, scope)
    assert list(got.subscription_id) == [sub.subscription_id]
    r = got.iloc[0]
    trend = run_report("my-subscriptions-trend", demo_db, scope)
    last = trend.sort_values("month").iloc[-1]
    assert (r.cost, r.data_gb, r.month) == (last.cost, last.data_gb, last.month)
    msg = run_report("saldoviesti", demo_db, scope).iloc[0]
    assert r.message_text == msg.text and r.opted_out == bool(msg.opted_out)
    plan = raw("plans").set_index("plan").loc[sub.plan]
    if pd.isna(plan.data_gb) or float(plan.data_gb) == 0:
        assert pd.isna(r.allowance_gb) and pd.isna(r.data_use_share)
    else:
        assert r.data_use_share == pytest.approx(min(1.0, float(r.data_gb) / float(plan.data_gb)))


# -- optimisation --------------------------------------------------------------------------------

def test_optimisation_kpis_rules_filter_months_and_plans(demo_db, raw, state_path):
    from reporting.optimisation.reports import potential

    found = run_report("optimisation", demo_db, SCOPE)
    k = run_report("optimisation-kpis", demo_db, SCOPE).iloc[0]
    best = found.groupby("subscription_id").saving_month.max().sum()
    assert k.findings == len(found) and k.saving_month == pytest.approx(round(best, 2))
    assert k.saving_month == potential(found)
    assert k.saving_year == pytest.approx(round(k.saving_month * 12, 2))
    some = run_report("optimisation", demo_db, SCOPE, rules=("inactive",))
    assert len(some) == (found.finding_rule == "inactive").sum() and set(some.finding_rule) <= {"inactive"}
    months = run_report("optimisation-months", demo_db, SCOPE).month
    assert months.iloc[0] == pd.Timestamp(OCT)          # the latest complete month before 27.11.2026
    plans = run_report("optimisation-plans", demo_db, SCOPE, service_type="mobile_voice")
    cat = raw("plans").query("service_type == 'mobile_voice'").sort_values(["monthly_fee", "plan"])
    assert list(plans.plan) == list(cat.plan)


# -- orders, users, import -----------------------------------------------------------------------

def test_order_form_addons_and_choices():
    from reporting.orders.ordering import form_addons, optimisation_choices
    from reporting.orders.pricing import load_price_list

    prices = load_price_list()
    assert optimisation_choices(prices) == ["none", "once", "follow_up"]
    assert form_addons(prices, ["saldoviesti", "optimisation_follow_up"], "none") == ("saldoviesti",)
    assert form_addons(prices, [], "once") == ("optimisation",)
    assert form_addons(prices, ["saldoviesti"], "follow_up") == ("saldoviesti", "optimisation",
                                                                   "optimisation_follow_up")


def test_order_state_counts_and_empty_state_choice(tmp_path):
    from reporting.orders.ordering import STATES, list_orders, state_counts

    store = tmp_path / "state.sqlite"
    assert state_counts(list_orders(store)) == dict.fromkeys(STATES, 0)
    assert list_orders(store, states=[]).empty


def test_fee_summary(tmp_path, cheap_argon2):
    from reporting.access.accounts import create_account
    from reporting.access.users import fee_summary
    from reporting.orders.pricing import load_price_list

    store = tmp_path / "state.sqlite"
    prices = load_price_list()
    for i in range(3):
        create_account(email=f"u{i}@acme.fi", name=f"U{i}", role=Role.EMPLOYEE, org_id="acme",
                       created_by="op", password="a long enough phrase here", manual=True, path=store)
    got = fee_summary("acme", prices, path=store)
    assert got.active_users == 3 and got.monthly_fee == prices.monthly_fee_for(3)
    assert got.manual_changes_cost == got.manual_changes_month * prices.manual_credential_change


def test_import_can_run_and_size_limit():
    from reporting.ingest import upload

    op, main = User("op", "Op", Role.OPERATOR), User("m", "M", Role.MAIN_USER, org_id="acme")
    assert upload.can_run(main, 1, "acme") and not upload.can_run(main, 0, "acme")
    assert not upload.can_run(op, 1, "new", new_org=True, org_name="")
    assert upload.can_run(op, 1, "new", new_org=True, org_name="New Oy")
    assert upload.too_big(upload.PAGE_MAX_UPLOAD_MB * 1024 * 1024 + 1)
    assert not upload.too_big(upload.PAGE_MAX_UPLOAD_MB * 1024 * 1024)


def test_times_in_finnish_wall_clock_time():
    from reporting.i18n import fmt_datetime, fmt_time

    summer = dt.datetime(2026, 7, 1, 6, 5, 9, tzinfo=dt.UTC)      # 9.05.09 in Helsinki (UTC+3)
    assert (fmt_time(summer, "fi"), fmt_time(summer, "en")) == ("9.05.09", "09:05:09")
    winter = dt.datetime(2026, 1, 1, 6, 5, tzinfo=dt.UTC)         # UTC+2
    assert fmt_datetime(winter, "fi") == "1.1.2026 klo 8.05"
    assert fmt_datetime(dt.datetime(2026, 1, 1, 6, 5), "en") == "1 Jan 2026 06:05"   # naive: as it is
