"""The cloud-costs view (issue 15 part 2): the FOCUS 1.0 sample's published facts reproduced
by the report functions, the CLI export and the page; scope through the sub-account mapping
(a manager sees the sub-accounts mapped to their centres); the mapping editor's writer; exchange
rates and what EUR totals leave out; a FOCUS 1.2 file written from the specification with its
figures computed by hand. Expected figures come from the CSV files read here with pandas and
Decimal, never from the code under test. The reports round once (docs/reports.md, "The
rounding rule"): a total, a month or a day is its exact sum rounded to the cent half away from
zero (``once``); the rows that split a total share its cents by the largest remainder
(``shares``, written here in Python); the lines themselves are as stored."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.cloud import fx
from reporting.cloud.mapping import MappingError, save_mapping
from reporting.core.cli import main
from reporting.core.db import Database
from reporting.core.registry import run_report
from reporting.demo.personas import demo_personas
from reporting.ingest.importer import import_files
from reporting.ingest.model import ImportOptions
from tests.helpers import MAIN_USER, app_as, open_page
from tests.test_import import focus_sample

ORG = "pohjola"
FOCUS_12 = Path(__file__).parent / "data" / "focus_1_2.csv"
SEPT = dt.date(2024, 9, 1)


def _csv(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=["NULL", ""])
    for col in ("BilledCost", "EffectiveCost"):
        df[col] = df[col].map(lambda v: Decimal(v) if isinstance(v, str) else Decimal(0))
    return df


def _dec(v) -> Decimal:
    return Decimal(str(v))


CENT = Decimal("0.01")


def once(v) -> Decimal:
    """An exact sum rounded once to the cent, half away from zero."""
    return Decimal(v).quantize(CENT, rounding=ROUND_HALF_UP)


def shares(exact: dict) -> dict:
    """Largest remainder: each key's exact amount rounded down to the cent, and the cents still
    missing to the exact total rounded once one each to the largest remainders (ties: the key,
    None last)."""
    floor = {k: (v / CENT).to_integral_value(rounding="ROUND_FLOOR") * CENT for k, v in exact.items()}
    missing = int((once(sum(exact.values(), Decimal(0))) - sum(floor.values(), Decimal(0))) / CENT)
    order = sorted(exact, key=lambda k: (-(exact[k] - floor[k]), k is None, "" if k is None else str(k)))
    return {k: floor[k] + (CENT if i < missing else 0) for i, k in enumerate(order)}


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return _csv(focus_sample())


@pytest.fixture(scope="module")
def manager(demo_db) -> User:
    return next(u for u in demo_personas(demo_db) if u.role is Role.MANAGER and u.org_id == ORG)


@pytest.fixture(scope="module")
def mapped(sample, manager, demo_db) -> dict[str, str]:
    """The first 20 sub-accounts (by name) to the manager's centre, the rest to another top
    centre outside it."""
    centre = next(iter(manager.cost_centres))
    other = demo_db.rows("SELECT code FROM cost_centres WHERE org_id = ? AND parent_code IS NULL AND code <> ? "
                         "ORDER BY code LIMIT 1", [ORG, centre])[0][0]
    subs = sorted(sample.SubAccountName.dropna().unique())
    return {s: (centre if i < 20 else other) for i, s in enumerate(subs)}


@pytest.fixture(scope="module")
def cloud_path(demo_path, tmp_path_factory, mapped) -> Path:
    """The demo database with the FOCUS sample imported into pohjola (mapping file given)."""
    tmp = tmp_path_factory.mktemp("cloud")
    path = tmp / "cloud.duckdb"
    shutil.copyfile(demo_path, path)
    mapping = tmp / "map.csv"
    mapping.write_text("SubAccountName;cost_centre\n" + "".join(f"{k};{v}\n" for k, v in mapped.items()),
                       encoding="utf-8")
    result = import_files(path, [(focus_sample(), "focus_sample.csv")],
                          ImportOptions(org_id=ORG, cost_centre_map=mapping))
    assert result.status == "loaded"
    return path


@pytest.fixture(scope="module")
def cloud_db(cloud_path):
    db = Database(cloud_path)
    yield db
    db.close()


def test_sample_facts_by_report_functions(cloud_db, sample):
    scope = Scope.organisation(ORG)
    totals = run_report("cloud-totals", cloud_db, scope)
    assert totals.currency.tolist() == ["USD"]
    row = totals.iloc[0]
    assert row.lines == 1000
    # the sample's exact totals, shown and exported to the cent
    assert round(sum(sample.BilledCost), 8) == Decimal("20.52022673")
    assert round(sum(sample.EffectiveCost), 8) == Decimal("14.97651419")
    assert _dec(row.billed_amount) == Decimal("20.52") and _dec(row.effective_amount) == Decimal("14.98")
    assert _dec(row.effective_minus_billed) == Decimal("-5.54")      # 14,98 - 20,52 as shown
    assert _dec(row.billed_not_converted) == Decimal("20.52")
    kpis = run_report("cloud-kpis", cloud_db, scope).iloc[0]
    assert (kpis.sub_accounts, kpis.service_categories, kpis.providers) == (68, 10, 3)
    # SOURCE.md's figures by provider and ChargeCategory
    expected = {("AWS", "Usage"): (941, "20.6203"), ("AWS", "Credit"): (1, "-2.6137"),
                ("Microsoft", "Usage"): (51, "1.9765"), ("Oracle", "Usage"): (5, "0.2651"),
                ("Oracle", "Adjustment"): (2, "0.2720")}
    src = {(p, c): g for (p, c), g in sample.groupby(["ProviderName", "ChargeCategory"])}
    assert {k: (len(g), str(round(sum(g.BilledCost), 4))) for k, g in src.items()} == expected
    got = {}
    for provider in ("AWS", "Microsoft", "Oracle"):
        df = run_report("cloud-by-charge-category", cloud_db, scope, provider=provider)
        mine = shares({c: sum(g.BilledCost) for (p, c), g in src.items() if p == provider})
        for r in df.itertuples():
            got[(provider, r.category)] = r.lines
            assert _dec(r.billed_amount) == mine[r.category], (provider, r.category)
    assert got == {k: n for k, (n, _) in expected.items()}
    by_provider = run_report("cloud-by-provider", cloud_db, scope).set_index("provider")
    groups = dict(tuple(sample.groupby("ProviderName")))
    billed = shares({p: sum(g.BilledCost) for p, g in groups.items()})
    effective = shares({p: sum(g.EffectiveCost) for p, g in groups.items()})
    for provider in groups:
        assert _dec(by_provider.loc[provider, "billed_amount"]) == billed[provider]
        assert _dec(by_provider.loc[provider, "effective_amount"]) == effective[provider]
        assert _dec(by_provider.loc[provider, "effective_minus_billed"]) == effective[provider] - billed[provider]
    # the rows add up to the total to the cent
    assert sum(map(_dec, by_provider.billed_amount)) == Decimal("20.52")
    assert sum(map(_dec, by_provider.effective_amount)) == Decimal("14.98")


@pytest.mark.parametrize(("report", "column"), [
    ("cloud-by-service-category", "ServiceCategory"), ("cloud-by-sub-account", "SubAccountName"),
    ("cloud-by-service", "ServiceName"), ("cloud-by-region", "RegionName")])
def test_grouped_reports_equal_the_file(cloud_db, sample, report, column):
    df = run_report(report, cloud_db, Scope.organisation(ORG))
    key = df.columns[0]
    src = sample.assign(k=sample[column].fillna(sample.RegionId if column == "RegionName" else "")
                        .replace("", None))
    exp = shares({(None if pd.isna(k) else k): sum(g.BilledCost) for k, g in src.groupby("k", dropna=False)})
    got = {(None if pd.isna(k) else k): _dec(v) for k, v in zip(df[key], df.billed_amount, strict=True)}
    assert got == exp
    assert sum(got.values()) == Decimal("20.52")
    assert df.lines.sum() == 1000


def test_by_month_and_by_day_follow_the_periods(cloud_db, sample):
    scope = Scope.organisation(ORG)
    months = run_report("cloud-by-month", cloud_db, scope)
    src_month = sample.BillingPeriodStart.str[:7]
    assert [m.strftime("%Y-%m") for m in months.month] == sorted(src_month.unique())
    for m, g in sample.groupby(src_month):
        got = _dec(months.loc[months.month.map(lambda d, m=m: d.strftime("%Y-%m") == m), "billed_amount"].iloc[0])
        assert got == once(sum(g.BilledCost))         # a month: its own exact sum rounded once
    days = run_report("cloud-by-day", cloud_db, scope, month=SEPT)
    src = sample[src_month == "2024-09"]
    exp = {d: sum(g.BilledCost) for d, g in src.groupby(src.ChargePeriodStart.str[:10])}
    got = {pd.Timestamp(d).date().isoformat(): _dec(v) for d, v in zip(days.day, days.billed_amount, strict=True)}
    assert set(got) == set(exp)
    assert got == {d: once(v) for d, v in exp.items()}
    # drill-down to the lines of one day and sub-account: the same lines as in the file
    day = max(exp, key=lambda d: exp[d])
    lines = run_report("cloud-lines", cloud_db, scope, day=dt.date.fromisoformat(day), sub_account="Atlas Nimbus")
    src_lines = src[(src.ChargePeriodStart.str[:10] == day) & (src.SubAccountName == "Atlas Nimbus")]
    assert len(lines) == len(src_lines)
    assert abs(sum(map(_dec, lines.billed_amount)) - sum(src_lines.BilledCost)) < Decimal("1e-8")


def test_manager_sees_only_sub_accounts_mapped_to_their_centres(cloud_db, sample, manager, mapped):
    centre = next(iter(manager.cost_centres))
    mine = sample[sample.SubAccountName.map(mapped) == centre]
    totals = run_report("cloud-totals", cloud_db, manager.scope())
    assert totals.lines.tolist() == [len(mine)]
    assert _dec(totals.billed_amount.iloc[0]) == once(sum(mine.BilledCost))
    subs = run_report("cloud-by-sub-account", cloud_db, manager.scope())
    assert set(subs.sub_account) == set(mine.SubAccountName)
    assert set(run_report("cloud-lines", cloud_db, manager.scope()).cost_centre) == {centre}
    # an employee's scope (listed subscriptions) sees no organisation-level cloud lines
    emp = Scope(ORG, subscriptions=frozenset({"x"}))
    assert run_report("cloud-totals", cloud_db, emp).empty


def test_mapping_editor_writer_books_lines_and_refuses_others(cloud_path, sample, manager, mapped, tmp_path):
    path = tmp_path / "m.duckdb"
    shutil.copyfile(cloud_path, path)
    centre = next(iter(manager.cost_centres))
    main_user = User("u", "U", Role.MAIN_USER, org_id=ORG)
    sub = next(s for s, c in mapped.items() if c != centre)
    before = path.read_bytes()
    with pytest.raises(MappingError):
        save_mapping(path, manager, ORG, {sub: centre})               # a manager may not
    with pytest.raises(MappingError):
        save_mapping(path, main_user, ORG, {sub: "NO-SUCH-CENTRE"})   # an unknown centre
    assert path.read_bytes() == before                                # nothing written
    assert save_mapping(path, main_user, ORG, {sub: centre}) == 1
    db = Database(path)
    try:
        mine = sample[(sample.SubAccountName.map(mapped) == centre) | (sample.SubAccountName == sub)]
        totals = run_report("cloud-totals", db, manager.scope())
        assert _dec(totals.billed_amount.iloc[0]) == once(sum(mine.BilledCost))
        # the FOCUS cost lines in charges follow: booked to the centre, the invoice unchanged
        con = duckdb.connect(str(path), read_only=True)
        n, total = con.execute("SELECT count(*), sum(amount) FROM charges WHERE org_id = ? AND source = 'focus' "
                               "AND cost_centre = ?", [ORG, centre]).fetchall()[0]
        assert n == len(mine) and abs(total - sum(mine.BilledCost)) < Decimal("1e-8")
        inv = con.execute("SELECT sum(total_amount) FROM invoices WHERE org_id = ? AND currency = 'USD'",
                          [ORG]).fetchall()[0][0]
        assert abs(inv - sum(sample.BilledCost)) < Decimal("1e-8")
        con.close()
        # removing a mapping leaves the lines without a centre
        save_mapping(path, main_user, ORG, {sub: None})
        lines = run_report("cloud-lines", db, Scope.organisation(ORG), sub_account=sub)
        assert len(lines) and lines.cost_centre.isna().all()
    finally:
        db.close()


def test_exchange_rates_convert_and_say_what_is_left_out(cloud_path, sample, tmp_path):
    path = tmp_path / "fx.duckdb"
    shutil.copyfile(cloud_path, path)
    rates = tmp_path / "rates.csv"
    rates.write_text("currency;month;eur_per_unit\nusd;2024-09;0,92\n", encoding="utf-8")
    op = User("o", "O", Role.OPERATOR)
    assert fx.save_rates(path, op, ORG, fx.read_rates_file(rates)) == 1
    db = Database(path)
    try:
        scope = Scope.organisation(ORG)
        sept = sample[sample.BillingPeriodStart.str[:7] == "2024-09"]
        octo = sample[sample.BillingPeriodStart.str[:7] == "2024-10"]
        row = run_report("cloud-totals", db, scope).iloc[0]
        assert _dec(row.billed_eur) == once(sum(sept.BilledCost) * Decimal("0.92"))
        assert _dec(row.billed_not_converted) == once(sum(octo.BilledCost))
        other = run_report("costs-other-currencies", db, scope)
        assert other.currency.tolist() == ["USD", "USD"]
        assert other.amount_eur.isna().tolist() == [False, True]
        assert list(map(_dec, other.amount)) == [once(sum(sept.BilledCost)), once(sum(octo.BilledCost))]
        assert _dec(other.amount_eur.iloc[0]) == once(sum(sept.BilledCost) * Decimal("0.92"))
        left_out = run_report("costs-not-converted", db, scope)
        assert left_out.currency.tolist() == ["USD"] and left_out.lines.tolist() == [len(octo)]
        assert _dec(left_out.amount.iloc[0]) == once(sum(octo.BilledCost))
        with_cloud = run_report("costs-with-cloud", db, scope, month=SEPT).iloc[0]
        assert _dec(with_cloud.cloud_amount_eur) + _dec(with_cloud.operator_amount) == _dec(with_cloud.total_amount)
        own = db.query("SELECT amount::VARCHAR AS a FROM charges WHERE org_id = $o AND invoice_month = $m "
                       "AND currency = 'EUR' AND source <> 'focus'", {"o": ORG, "m": SEPT}).a.map(Decimal)
        cloud_eur = sum(sept.BilledCost) * Decimal("0.92")
        assert _dec(with_cloud.total_amount) == once(sum(own) + cloud_eur)
        parts = shares({"operator": sum(own), "cloud": cloud_eur})
        assert (_dec(with_cloud.operator_amount), _dec(with_cloud.cloud_amount_eur)) == \
            (parts["operator"], parts["cloud"])
        assert run_report("cloud-fx-rates", db, scope).eur_per_unit.tolist() == [0.92]
    finally:
        db.close()
    with pytest.raises(fx.RateError):
        fx.save_rates(path, User("m", "M", Role.MANAGER, org_id=ORG), ORG, [("USD", SEPT, Decimal(1))])


def test_bad_rates_file_names_file_row_and_column(tmp_path):
    bad = tmp_path / "r.csv"
    bad.write_text("currency;month;eur_per_unit\nUSD;2024-09;0.9\nUSD;2024-10;\n", encoding="utf-8")
    with pytest.raises(fx.RateError, match=r"r\.csv, row 3, column eur_per_unit: empty"):
        fx.read_rates_file(bad)
    bad.write_text("currency;month;eur_per_unit\nEUR;2024-09;1\n", encoding="utf-8")
    with pytest.raises(fx.RateError, match=r"row 2: currency 'EUR'"):
        fx.read_rates_file(bad)
    bad.write_text("currency;month;eur_per_unit\nUSD;2024-09;-1\n", encoding="utf-8")
    with pytest.raises(fx.RateError, match="positive number"):
        fx.read_rates_file(bad)


def test_cli_export_and_fx_rates(cloud_path, sample, tmp_path, capsys):
    path = tmp_path / "cli.duckdb"
    shutil.copyfile(cloud_path, path)
    out = tmp_path / "p.csv"
    assert main(["export", "cloud-by-provider", "--org", ORG, "--db", str(path), "--format", "csv",
                 "--out", str(out)]) == 0
    df = pd.read_csv(out, dtype=str)
    got = {p: Decimal(v) for p, v in zip(df.provider, df.billed_amount, strict=True)}
    assert got == shares({p: sum(g.BilledCost) for p, g in sample.groupby("ProviderName")})
    assert sum(got.values()) == Decimal("20.52")       # the export adds up to the total as shown
    out2 = tmp_path / "t.csv"
    assert main(["export", "cloud-kpis", "--org", ORG, "--db", str(path), "--out", str(out2)]) == 0
    kpis = pd.read_csv(out2).iloc[0]
    assert (kpis.sub_accounts, kpis.service_categories) == (68, 10)
    assert main(["fx-rates", "--org", ORG, "--db", str(path), "--set", "USD:2024-09=0.9"]) == 0
    assert "USD:2024-09=0.9" in capsys.readouterr().out
    assert main(["fx-rates", "--org", ORG, "--db", str(path), "--set", "USD:2024-9x=0.9"]) == 1
    assert "month '2024-9x' is not YYYY-MM" in capsys.readouterr().err


def test_focus_1_2_file_with_hand_computed_figures(tmp_path):
    """tests/data/focus_1_2.csv: six lines in the FOCUS 1.2 column set (ISO 8601 UTC
    timestamps, InvoiceId, BillingAccountType, SubAccountType, PricingCurrency). By hand:
    EUR billed 10.50 + 2.125 + 100.00 - 5.00 + 1.2345 = 108.8595, effective 8.25 + 2.125 + 0
    - 5.00 + 1.2345 = 6.6095; USD billed 3.00, effective 2.40; invoice INV-2025-05-001 holds
    112.625 billed; 2025-05-03 has 12.625 EUR; three sub-accounts, three service categories."""
    db_path = tmp_path / "f12.duckdb"
    result = import_files(db_path, [(FOCUS_12, "focus_1_2.csv")], ImportOptions(org_id="kaarna12", org_name="K"))
    assert result.status == "loaded" and result.files[0].kind == "focus", result.files[0].problems
    db = Database(db_path)
    try:
        scope = Scope.organisation("kaarna12")
        totals = run_report("cloud-totals", db, scope).set_index("currency")
        # shown to the cent: 108,8595 -> 108,86, 6,6095 -> 6,61 (each rounded once)
        assert _dec(totals.loc["EUR", "billed_amount"]) == Decimal("108.86")
        assert _dec(totals.loc["EUR", "effective_amount"]) == Decimal("6.61")
        assert _dec(totals.loc["USD", "billed_amount"]) == Decimal("3")
        assert _dec(totals.loc["USD", "effective_amount"]) == Decimal("2.4")
        assert _dec(totals.loc["EUR", "billed_eur"]) == Decimal("108.86")   # EUR needs no rate
        assert pd.isna(totals.loc["USD", "billed_eur"])
        kpis = run_report("cloud-kpis", db, scope).iloc[0]
        assert (kpis.sub_accounts, kpis.service_categories, kpis.invoices, kpis.providers) == (3, 3, 3, 2)
        lines = run_report("cloud-lines", db, scope)
        inv = lines[lines.invoice_id == "INV-2025-05-001"]
        assert sum(map(_dec, inv.billed_amount)) == Decimal("112.625")     # the lines as stored
        us = lines[lines.currency == "USD"].iloc[0]
        assert (us.billing_account_type, us.sub_account_type, us.pricing_currency, us.region) == \
            ("Billing Account", "Subscription", "USD", "East US")
        assert pd.Timestamp(us.charge_date).date() == dt.date(2025, 5, 31)      # 2025-05-31T23:00:00Z
        days = run_report("cloud-by-day", db, scope)
        eur_day = days[(days.currency == "EUR") & (pd.to_datetime(days.day) == pd.Timestamp(2025, 5, 3))]
        assert _dec(eur_day.billed_amount.iloc[0]) == Decimal("12.63")   # 12,625: half away from zero
        cats = run_report("cloud-by-charge-category", db, scope)
        assert sorted(cats.category) == ["Credit", "Purchase", "Tax", "Usage", "Usage"]
    finally:
        db.close()


def test_cloud_page_shows_the_sample_facts(cloud_path, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTING_DB", str(cloud_path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    at = open_page(app_as(MAIN_USER), "cloud")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Laskutettu (USD)"] == "20,52 USD"
    assert metrics["Tehollinen (USD)"] == "14,98 USD"
    assert metrics["Alitilejä"] == "68"
    assert metrics["Palveluluokkia"] == "10"
    captions = " ".join(c.value for c in at.caption)
    assert "+ 20,52 USD ei mukana" in captions
    assert at.data_editor  # the main user's mapping editor
    en = open_page(app_as(MAIN_USER, lang="en"), "cloud")
    assert {m.label: m.value for m in en.metric}["Billed (USD)"] == "20.52 USD"
    assert "+ 20.52 USD not included" in " ".join(c.value for c in en.caption)


def test_cloud_page_for_a_manager_has_no_editor(cloud_path, tmp_path, monkeypatch, manager, sample, mapped):
    monkeypatch.setenv("REPORTING_DB", str(cloud_path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    at = open_page(app_as(manager.user_id), "cloud")
    assert not at.exception
    mine = sample[sample.SubAccountName.map(mapped) == next(iter(manager.cost_centres))]
    exp = f"{round(sum(mine.BilledCost), 2):.2f}".replace(".", ",") + " USD"
    assert {m.label: m.value for m in at.metric}["Laskutettu (USD)"] == exp
    assert not at.data_editor


def test_cost_page_month_total_says_what_other_currencies_it_leaves_out(cloud_path, tmp_path, monkeypatch):
    """The FOCUS 1.2 file in a month of the demo data: the cost page's EUR month total leaves
    out its one USD line (3.00) and says so."""
    path = tmp_path / "c.duckdb"
    shutil.copyfile(cloud_path, path)
    assert import_files(path, [(FOCUS_12, "f.csv")], ImportOptions(org_id=ORG)).status == "loaded"
    monkeypatch.setenv("REPORTING_DB", str(path))
    monkeypatch.setenv("REPORTING_STATE_DB", str(tmp_path / "state.sqlite"))
    at = open_page(app_as(MAIN_USER), "costs")
    at.selectbox(key="from").set_value("2025-05")
    at.selectbox(key="to").set_value("2025-05").run()
    assert not at.exception
    assert "+ 3,00 USD ei mukana" in " ".join(c.value for c in at.caption)


def test_every_cloud_export_shows_the_total_to_the_cent(cloud_db):
    """20,52022673 USD billed, 14,97651419 effective: 20,52 and 14,98 in every format, and the
    rows of every table that splits the total add up to it in the export."""
    import io

    import openpyxl

    from reporting.publish.export import FORMATS, column_label, export_bytes

    scope = Scope.organisation(ORG)
    for name in ("cloud-totals", "cloud-by-provider", "cloud-by-service-category", "cloud-by-sub-account",
                 "cloud-by-region", "cloud-by-cost-centre", "cloud-by-charge-category"):
        df = run_report(name, cloud_db, scope)
        for fmt in FORMATS:
            data = export_bytes(df, fmt, "fi")
            if fmt == "csv":
                got = pd.read_csv(io.BytesIO(data), dtype=str)
                col = {c: [Decimal(v) for v in got[c]] for c in ("billed_amount", "effective_amount")}
            elif fmt == "csv-fi":
                got = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig")
                col = {c: [Decimal(v.replace(",", ".")) for v in got[column_label(c, "fi")]]
                       for c in ("billed_amount", "effective_amount")}
            elif fmt == "parquet":
                got = pd.read_parquet(io.BytesIO(data))
                col = {c: [_dec(v) for v in got[c]] for c in ("billed_amount", "effective_amount")}
            else:
                rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
                col = {c: [_dec(r[rows[0].index(column_label(c, "fi"))]) for r in rows[1:]]
                       for c in ("billed_amount", "effective_amount")}
            assert all(v == v.quantize(CENT) for v in col["billed_amount"]), (name, fmt)
            assert sum(col["billed_amount"]) == Decimal("20.52"), (name, fmt)
            assert sum(col["effective_amount"]) == Decimal("14.98"), (name, fmt)
