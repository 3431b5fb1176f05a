"""Cost reports against an independent pandas recomputation from the raw tables, and the
rounding rule (issue 15): every figure is the exact sum of its lines rounded once to the cent,
so for any filter the total of the invoice lines, of the drill-down's top level and of the
months are the same number, and each row is its own lines' exact sum rounded once."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from reporting.access.scope import Scope
from reporting.core.registry import run_report

ORG = "pohjola"
CATS = ["monthly_fee", "usage", "roaming", "one_time", "discount", "service"]


def cents(x: float) -> Decimal:
    """An invoice line's amount exactly as stored (the demo's lines carry up to 4 decimals,
    which a float's shortest repr gives back exactly)."""
    return Decimal(repr(float(x)))


def descendants(raw, org: str, codes) -> set[str]:
    cc = raw("cost_centres")
    cc = cc[cc.org_id == org]
    out, frontier = set(codes), set(codes)
    while frontier:
        frontier = set(cc[cc.parent_code.isin(frontier)].code) - out
        out |= frontier
    return out


@pytest.fixture(scope="module")
def lines(raw) -> pd.DataFrame:
    """Plain pandas: the organisation's EUR invoice lines with the subscription's attributes."""
    ch = raw("charges")
    ch = ch[(ch.org_id == ORG) & (ch.currency == "EUR")].copy()
    subs = raw("subscriptions")
    subs = subs[subs.org_id == ORG][["subscription_id", "cost_centre", "service_type", "plan"]]
    ch = ch.merge(subs.rename(columns={"cost_centre": "sub_cc"}), on="subscription_id", how="left")
    ch["centre"] = ch.sub_cc.where(ch.sub_cc.notna(), ch.cost_centre)
    ch["cents"] = ch.amount.map(cents)
    ch["month"] = pd.to_datetime(ch.invoice_month)
    return ch


def apply_filters(raw, df: pd.DataFrame, f: dict) -> pd.DataFrame:
    out = df
    if f.get("month_from"):
        out = out[out.month >= pd.Timestamp(f["month_from"])]
    if f.get("month_to"):
        out = out[out.month <= pd.Timestamp(f["month_to"])]
    if f.get("cost_centres"):
        out = out[out.centre.isin(descendants(raw, ORG, f["cost_centres"]))]
    if f.get("service_types"):
        out = out[out.service_type.isin(f["service_types"])]
    if f.get("plans"):
        out = out[out.plan.isin(f["plans"])]
    return out


def dec_sum(series) -> Decimal:
    """The exact sum rounded once to the cent, half away from zero (the documented rule)."""
    return sum(series, Decimal("0")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def largest_remainder(exact: dict) -> dict:
    """Independent allocation of a table's rows (docs/reports.md): each row's exact amount
    rounded down to the cent, the cents still missing to the total rounded once given one
    each to the largest remainders (ties: the key, empty key last)."""
    cent = Decimal("0.01")
    total = dec_sum(exact.values())
    floors = {k: v.quantize(cent, rounding=ROUND_FLOOR) for k, v in exact.items()}
    missing = int((total - sum(floors.values(), Decimal(0))) / cent)
    order = sorted(exact, key=lambda k: (-(exact[k] - floors[k]), k == "<none>", k))
    return {k: floors[k] + (cent if i < missing else 0) for i, k in enumerate(order)}


def to_dec(x) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal("0.01"))


FILTERS = [
    {},
    {"month_from": dt.date(2026, 1, 1), "month_to": dt.date(2026, 6, 1)},
    {"cost_centres": ("1000",)},
    {"cost_centres": ("2100", "5000"), "month_from": dt.date(2025, 9, 1), "month_to": dt.date(2025, 9, 1)},
    {"service_types": ("m2m", "mobile_broadband")},
    {"plans": ("Yritys Perus 10 Gt",), "month_to": dt.date(2025, 12, 1)},
]


def _exact_by(part: pd.DataFrame, key: str) -> dict:
    return part.groupby(part[key].fillna("<none>")).cents.agg(lambda s: sum(s, Decimal(0))).to_dict()


def _got(report: pd.DataFrame, key: str, column: str = "amount") -> dict:
    return {("<none>" if pd.isna(k) else k): to_dec(v) for k, v in zip(report[key], report[column], strict=True)}


def _rows_rounded_once(report: pd.DataFrame, key: str, part: pd.DataFrame, part_key: str) -> None:
    """Each row of a report is its own lines' exact sum rounded once."""
    assert _got(report, key) == {k: dec_sum([v]) for k, v in _exact_by(part, part_key).items()}


def _rows_allocated(report: pd.DataFrame, key: str, part: pd.DataFrame, part_key: str) -> None:
    """The rows split the total: allocated by the largest remainder, so they add up to the
    exact total rounded once, each within a cent of its own exact amount."""
    exact = _exact_by(part, part_key)
    got = _got(report, key)
    assert got == largest_remainder(exact)
    assert sum(got.values(), Decimal(0)) == dec_sum(exact.values())
    assert all(abs(got[k] - exact[k]) < Decimal("0.01") for k in exact)


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(sorted(f)) or "none")
def test_totals_reconcile_to_the_cent(demo_db, raw, lines, f):
    scope = Scope.organisation(ORG)
    part = apply_filters(raw, lines, f)
    expected = dec_sum(part.cents)            # the exact sum, rounded once
    line_kw = dict(f)
    if not (f.get("month_from") or f.get("month_to")):
        line_kw.update(month_from=dt.date(2000, 1, 1), month_to=dt.date(2100, 1, 1))
    totals = {
        "invoice_lines_total": to_dec(run_report("invoice-lines-kpis", demo_db, scope, **line_kw).amount.iloc[0]),
        "drill_down_top_level": to_dec(run_report("cost-centre-kpis", demo_db, scope, **f).amount.iloc[0]),
    }
    assert expected != 0
    assert totals == dict.fromkeys(totals, expected)
    _rows_allocated(run_report("costs-by-cost-centre", demo_db, scope, **f), "cost_centre", part, "centre")
    _rows_allocated(run_report("costs-by-subscription", demo_db, scope, **f), "subscription_id", part,
                    "subscription_id")
    by_month = run_report("costs-by-month", demo_db, scope, **f)
    _rows_rounded_once(by_month.assign(m=by_month.month.astype(str)), "m",
                       part.assign(m=part.month.astype(str)), "m")
    inv = run_report("invoice-lines", demo_db, scope, **line_kw)
    assert len(inv) == len(apply_filters(raw, lines, {**line_kw}))
    # each line as stored, so that any sum of them is exact
    assert sorted(Decimal(repr(float(v))) for v in inv.amount) == sorted(part.cents)


def test_costs_by_month_matches_pandas(demo_db, raw, lines):
    got = run_report("costs-by-month", demo_db, Scope.organisation(ORG))
    exp = lines.pivot_table(index="month", columns="category", values="cents", aggfunc=dec_sum,
                            fill_value=Decimal("0"))
    assert list(got.month) == list(exp.index)
    for cat in CATS:
        assert [to_dec(v) for v in got[cat]] == list(exp[cat]), cat
    assert [to_dec(v) for v in got.amount] == list(lines.groupby("month").cents.agg(dec_sum))


def test_costs_by_subscription_matches_pandas(demo_db, raw, lines):
    f = {"month_from": dt.date(2026, 3, 1), "month_to": dt.date(2026, 5, 1)}
    got = run_report("costs-by-subscription", demo_db, Scope.organisation(ORG), **f)
    part = apply_filters(raw, lines, f)
    _rows_allocated(got, "subscription_id", part, "subscription_id")
    roaming = part[part.category == "roaming"].groupby("subscription_id").cents.agg(dec_sum)
    got_roaming = got.set_index("subscription_id").roaming
    for sub, value in roaming.items():
        assert to_dec(got_roaming[sub]) == value
    assert list(got.amount) == sorted(got.amount, reverse=True)
    top = run_report("costs-by-subscription", demo_db, Scope.organisation(ORG), limit=5, **f)
    # the top list is the head of the full report, every column (allocated over all rows)
    pd.testing.assert_frame_equal(top, got.head(5))


def test_costs_by_cost_centre_own_and_rolled_up(demo_db, raw, lines):
    got = run_report("costs-by-cost-centre", demo_db, Scope.organisation(ORG)).set_index("cost_centre")
    _rows_allocated(got.reset_index(), "cost_centre", lines, "centre")
    for top in ("1000", "3000"):
        below = descendants(raw, ORG, [top])
        assert to_dec(got.loc[top, "amount_incl_sub_centres"]) == dec_sum(lines[lines.centre.isin(below)].cents)


def test_cost_centre_children_add_up_level_by_level(demo_db, raw, lines):
    scope = Scope.organisation(ORG)
    f = {"month_from": dt.date(2026, 10, 1), "month_to": dt.date(2026, 10, 1)}
    top = run_report("cost-centre-children", demo_db, scope, parent=None, **f)
    total = dec_sum(apply_filters(raw, lines, f).cents)
    assert sum(top.amount.map(to_dec), Decimal(0)) == total         # allocated: the rows add up
    own_row = top[top.is_own]
    assert len(own_row) == 1 and pd.isna(own_row.cost_centre.iloc[0])  # organisation-level lines
    centre = top[~top.is_own].iloc[0].cost_centre
    children = run_report("cost-centre-children", demo_db, scope, parent=centre, **f)
    below = apply_filters(raw, lines, {**f, "cost_centres": (centre,)})
    assert sum(children.amount.map(to_dec), Decimal(0)) == dec_sum(below.cents)
    kpi = run_report("cost-centre-kpis", demo_db, scope, parent=centre, **f)
    assert to_dec(kpi.amount.iloc[0]) == dec_sum(below.cents)
    assert set(children[~children.is_own].cost_centre) <= set(
        raw("cost_centres").query("org_id == @ORG and parent_code == @centre").code)


def test_cost_overview_matches_pandas(demo_db, raw, lines):
    month = dt.date(2026, 8, 1)
    got = run_report("cost-overview", demo_db, Scope.organisation(ORG), month=month).iloc[0]
    by_month = lines.groupby("month").cents.agg(dec_sum)
    assert to_dec(got.amount) == by_month[pd.Timestamp(month)]
    assert to_dec(got.amount_prev_month) == by_month[pd.Timestamp(2026, 7, 1)]
    assert to_dec(got.amount_prev_year) == by_month[pd.Timestamp(2025, 8, 1)]
    subs = raw("subscriptions")
    subs = subs[subs.org_id == ORG]
    opened = pd.to_datetime(subs.opened_on)
    closed = pd.to_datetime(subs.closed_on)
    active = ((opened <= pd.Timestamp(2026, 8, 31)) & (closed.isna() | (closed >= pd.Timestamp(month)))).sum()
    assert got.active_subscriptions == active
    assert got.cost_per_subscription == pytest.approx(float(by_month[pd.Timestamp(month)]) / active, abs=0.005)
    expected_change = (float(by_month[pd.Timestamp(month)]) - float(by_month[pd.Timestamp(2026, 7, 1)])) \
        / float(by_month[pd.Timestamp(2026, 7, 1)])
    assert got.change_prev_month == pytest.approx(expected_change)


def test_invoice_lines_default_to_latest_month(demo_db, lines):
    got = run_report("invoice-lines", demo_db, Scope.organisation(ORG))
    latest = lines.month.max()
    assert set(pd.to_datetime(got.invoice_month)) == {latest}
    assert len(got) == (lines.month == latest).sum()


def test_manager_scope_sees_only_their_centres(demo_db, raw, lines):
    scope = Scope(org_id=ORG, cost_centres=frozenset({"2000"}))
    below = descendants(raw, ORG, ["2000"])
    by_sub = run_report("costs-by-subscription", demo_db, scope)
    subs = raw("subscriptions")
    allowed = set(subs[(subs.org_id == ORG) & subs.cost_centre.isin(below)].subscription_id)
    assert by_sub.subscription_id.notna().all()        # no organisation-level lines
    assert set(by_sub.subscription_id) <= allowed
    assert dec_sum(by_sub.amount.map(to_dec)) == dec_sum(lines[lines.centre.isin(below)
                                                               & lines.subscription_id.notna()].cents)
    # asking for a centre outside the grant gives nothing, not someone else's costs
    assert run_report("costs-by-month", demo_db, scope, cost_centres=("1000",)).empty
    assert run_report("cost-centre-path", demo_db, scope, code="1100").empty
    assert list(run_report("cost-centre-path", demo_db, scope, code="2100").cost_centre) == ["2000", "2100"]


def test_employee_and_foreign_ids(demo_db, raw):
    subs = raw("subscriptions")
    mine, other = subs[subs.org_id == ORG].subscription_id.iloc[:2]
    scope = Scope(org_id=ORG, subscriptions=frozenset({mine}))
    by_sub = run_report("costs-by-subscription", demo_db, scope)
    assert set(by_sub.subscription_id) == {mine}
    # a subscription id taken from a URL is filtered through the scope in SQL
    assert run_report("subscription-details", demo_db, scope, subscription=other).empty
    assert run_report("subscription-daily-usage", demo_db, scope, subscription=other).empty
    assert run_report("invoice-lines", demo_db, scope, subscription=other).empty
    assert len(run_report("subscription-details", demo_db, scope, subscription=mine)) == 1
    other_org = subs[subs.org_id != ORG].subscription_id.iloc[0]
    assert run_report("subscription-details", demo_db, Scope.organisation(ORG), subscription=other_org).empty


@pytest.mark.parametrize("name", ["costs-by-month", "costs-by-cost-centre", "costs-by-subscription",
                                  "invoice-lines", "cost-overview", "cost-deviations", "costs-trend",
                                  "cost-centre-children", "usage-by-subscription", "usage-by-month",
                                  "roaming-by-country", "cost-filter-options", "cost-months"])
def test_empty_scope_returns_no_rows(demo_db, name):
    assert run_report(name, demo_db, Scope.none()).empty
    assert run_report(name, demo_db, Scope(org_id=ORG, cost_centres=frozenset())).empty


def test_subscription_daily_usage_matches_usage_daily(demo_db, raw):
    ud = raw("usage_daily")
    month = pd.Timestamp(2026, 9, 1)
    sub = (ud[(ud.org_id == ORG) & (pd.to_datetime(ud.usage_date) >= month)
              & (ud.usage_type == "data_mb")].groupby("subscription_id").quantity.sum().idxmax())
    got = run_report("subscription-daily-usage", demo_db, Scope.organisation(ORG), subscription=sub,
                     month=month.date())
    assert len(got) == 30                      # every day of September, zeros included
    mine = ud[(ud.subscription_id == sub) & (pd.to_datetime(ud.usage_date).dt.to_period("M")
                                              == month.to_period("M"))]
    for usage_type in ("voice_min", "sms", "mms", "data_mb"):
        assert got[usage_type].sum() == pytest.approx(float(mine[mine.usage_type == usage_type].quantity.sum()))
    data_mb = float(mine[mine.usage_type == "data_mb"].quantity.sum())
    assert got.data_gb_cumulative.iloc[-1] == pytest.approx(data_mb / 1024, abs=0.001)
    plans = raw("plans").set_index("plan")
    plan = raw("subscriptions").set_index("subscription_id").loc[sub, "plan"]
    allowance = plans.loc[plan, "data_gb"]
    assert (pd.isna(allowance) and got.data_allowance_gb.isna().all()) or \
        got.data_allowance_gb.iloc[0] == pytest.approx(float(allowance))


def test_filter_options_follow_the_scope(demo_db, raw):
    opts = run_report("cost-filter-options", demo_db, Scope(org_id=ORG, cost_centres=frozenset({"3000"})))
    centres = set(opts[opts.kind == "cost_centre"].value)
    assert centres <= descendants(raw, ORG, ["3000"]) and "3000" in centres
    subs = raw("subscriptions")
    in_scope = subs[(subs.org_id == ORG) & subs.cost_centre.isin(descendants(raw, ORG, ["3000"]))]
    assert set(opts[opts.kind == "plan"].value) == set(in_scope.plan.dropna())
    assert set(opts[opts.kind == "service_type"].value) == set(in_scope.service_type)
