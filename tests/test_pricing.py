"""Price rules: user tiers at every boundary, custom offer, add-ons, dependencies, VAT, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from reporting.core.cli import main as cli_main
from reporting.orders.pricing import (
    PriceListError,
    QuoteError,
    load_price_list,
    make_quote,
    parse_price_list,
)
from reporting.orders.quote import lines_frame, quote_html
from tests.helpers import ROOT

D = Decimal

# A hand-written price list with known prices, independent of the operator's file.
TEST_LIST = """
[price_list]
version = "test"
vat_percent = "25.5"
user_guide_url = "https://example.test/guide"

[reporting_service]
setup_fee = "200.00"
manual_credential_change = "100.00"
[[reporting_service.user_tiers]]
max_users = 1
monthly_fee = "80.00"
[[reporting_service.user_tiers]]
max_users = 5
monthly_fee = "150.00"
[[reporting_service.user_tiers]]
max_users = 10
monthly_fee = "200.00"

[addons.cost_reporting]
included = true
requires = ["reporting_service"]

[addons.saldoviesti]
monthly_per_subscription = "0.35"
example = true

[addons.optimisation]
one_off_per_subscription = "7.25"
requires = ["reporting_service"]

[addons.optimisation_follow_up]
monthly_per_subscription = "0.45"
requires = ["reporting_service", "optimisation"]

[addons.aisti]
monthly_fee = "99.90"
"""


@pytest.fixture
def price_list(tmp_path):
    path = tmp_path / "prices.toml"
    path.write_text(TEST_LIST, encoding="utf-8")
    return load_price_list(path)


# The brief's table (VAT 0 %): users -> monthly fee; None = custom offer.
BRIEF_TIERS = {1: D("80.00"), 2: D("150.00"), 5: D("150.00"), 6: D("200.00"), 10: D("200.00"), 11: None}


@pytest.mark.parametrize("users", [1, 2, 5, 6, 10, 11])
def test_user_tiers_at_every_boundary(users):
    """The operator's shipped price list holds the brief's tiers; 11 users has no list price."""
    quote = make_quote(users, 0, [], load_price_list(ROOT / "data" / "price_list.toml"))
    fee = BRIEF_TIERS[users]
    line = quote.lines[0]
    assert line.code == "reporting_service"
    assert line.amount == fee
    assert quote.one_off.net == D("200.00")               # set-up fee, training included
    if fee is None:
        assert quote.custom_offer
        assert quote.monthly.net is None and quote.monthly.gross is None
        assert quote.first_year.net is None and quote.first_year.gross is None
    else:
        assert not quote.custom_offer
        assert quote.monthly.net == fee
        assert quote.monthly.gross == (fee * D("1.255")).quantize(D("0.01"))
        assert quote.first_year.net == D("200.00") + 12 * fee


def test_zero_users_without_addons_is_no_order(price_list):
    with pytest.raises(QuoteError) as err:
        make_quote(0, 10, [], price_list)
    assert err.value.code == "quote.error.nothing_ordered"
    assert "vähintään yksi käyttäjä" in err.value.message("fi")


def test_zero_users_add_on_only_has_no_service_fee(price_list):
    quote = make_quote(0, 40, ["saldoviesti"], price_list)
    assert [ln.code for ln in quote.lines] == ["saldoviesti"]
    assert quote.monthly.net == D("14.00")                 # 40 x 0.35
    assert quote.one_off.net == D("0.00")
    assert quote.monthly.gross == D("17.57")               # 14.00 x 1.255 = 17.57
    assert quote.first_year.net == D("168.00")


def test_custom_offer_keeps_add_on_lines_but_invents_no_total(price_list):
    quote = make_quote(11, 100, ["saldoviesti"], price_list)
    assert quote.custom_offer
    assert quote.monthly.net is None and quote.first_year.gross is None
    assert [ln.amount for ln in quote.lines] == [None, D("200.00"), D("35.00")]
    data = quote.to_dict("en")
    assert data["totals"]["monthly"] == {"vat_0": None, "vat_included": None}
    assert any("custom offer" in n for n in data["notes"])


def test_add_ons_per_subscription_and_vat(price_list):
    quote = make_quote(3, 57, ["aisti", "optimisation_follow_up", "optimisation", "saldoviesti",
                               "cost_reporting"], price_list)
    # Listed in price-list order, whatever order they were asked in.
    assert quote.addons == ("cost_reporting", "saldoviesti", "optimisation", "optimisation_follow_up", "aisti")
    amounts = {ln.code: ln.amount for ln in quote.lines}
    assert amounts == {"reporting_service": D("150.00"), "setup_fee": D("200.00"),
                       "cost_reporting": D("0.00"), "saldoviesti": D("19.95"),
                       "optimisation": D("413.25"), "optimisation_follow_up": D("25.65"),
                       "aisti": D("99.90")}
    monthly = D("150.00") + D("19.95") + D("25.65") + D("99.90")     # 295.50
    one_off = D("200.00") + D("413.25")                                # 613.25
    assert quote.monthly.net == monthly
    assert quote.one_off.net == one_off
    assert quote.first_year.net == one_off + 12 * monthly             # 4159.25
    assert quote.monthly.gross == D("370.85")                         # 370.8525 -> 370.85
    assert quote.one_off.gross == D("769.63")                         # 769.62875 -> 769.63
    assert quote.first_year.gross == D("5219.86")                     # 5219.85875 -> 5219.86
    assert quote.has_examples                                         # saldoviesti is an example


def test_optimisation_requires_the_reporting_service(price_list):
    with pytest.raises(QuoteError) as err:
        make_quote(0, 20, ["optimisation"], price_list)
    assert err.value.field == "addons"
    assert err.value.message("fi") == ("Optimointiraportti (kertaluonteinen optimointi) edellyttää, "
                                       "että tilaat myös: Raportointipalvelu (vähintään yksi käyttäjä).")
    assert "requires" in err.value.message("en")
    # Satisfied by users on this order, or by the service the organisation already has.
    assert make_quote(1, 20, ["optimisation"], price_list).one_off.net == D("200.00") + D("145.00")
    assert make_quote(0, 20, ["optimisation"], price_list,
                      existing={"reporting_service"}).one_off.net == D("145.00")


def test_follow_up_requires_the_optimisation(price_list):
    with pytest.raises(QuoteError) as err:
        make_quote(2, 20, ["optimisation_follow_up"], price_list)
    assert "Optimointiraportti (kertaluonteinen optimointi)" in err.value.message("fi")


def test_shipped_price_list_enforces_the_brief_dependency():
    pl = load_price_list(ROOT / "data" / "price_list.toml")
    assert "reporting_service" in pl.addons["optimisation"].requires
    assert pl.vat_rate == D("0.255") and pl.setup_fee == D("200.00")
    assert pl.manual_credential_change == D("100.00")
    # Every add-on priced per subscription is marked as an example until the operator sets it.
    for addon in pl.addons.values():
        if addon.monthly_per_subscription or addon.one_off_per_subscription:
            assert addon.example, addon.code
    assert set(pl.addons) >= {"cost_reporting", "saldoviesti", "optimisation",
                              "optimisation_follow_up", "aisti", "extrawiki", "santacare"}


def test_unknown_add_on_and_bad_counts(price_list):
    with pytest.raises(QuoteError) as err:
        make_quote(1, 1, ["teleportation"], price_list)
    assert err.value.code == "quote.error.unknown_addon"
    with pytest.raises(QuoteError) as err:
        make_quote(-1, 1, [], price_list)
    assert err.value.field == "users"
    with pytest.raises(QuoteError):
        make_quote(1, 2.5, [], price_list)


@pytest.mark.parametrize("broken, message", [
    ('monthly_per_subscription = "abc"', "addons.saldoviesti.monthly_per_subscription"),
    ('monthly_per_subscription = "-1"', "non-negative"),
    ('requires = ["nothing"]', "unknown add-on 'nothing'"),
    ('colour = "red"', "unknown key(s) colour"),
])
def test_price_list_errors_name_the_key(tmp_path, broken, message):
    text = TEST_LIST.replace('monthly_per_subscription = "0.35"', broken)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PriceListError) as err:
        load_price_list(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_tiers_must_grow():
    import tomllib

    data = tomllib.loads(TEST_LIST.replace("max_users = 10", "max_users = 4"))
    with pytest.raises(PriceListError, match="must grow"):
        parse_price_list(data, "x.toml")


def test_lines_frame_and_html(price_list):
    quote = make_quote(11, 10, ["saldoviesti"], price_list)
    df = lines_frame(quote, "fi")
    assert list(df["amount"].isna()) == [True, False, False]
    assert df["amount"].iloc[2] == pytest.approx(3.5)
    page = quote_html(quote, "fi", company="Oy <Testi> Ab", business_id="1234567-1")
    assert "Oy &lt;Testi&gt; Ab" in page and "<Testi>" not in page
    assert "räätälöity tarjous" in page
    assert "esimerkkihinta" in page
    assert "<script" not in page and "http" not in page.split("</style>")[0]
    assert "200,00\xa0€" in page


def test_cli_json(price_list, capsys, tmp_path):
    path = tmp_path / "prices.toml"
    path.write_text(TEST_LIST, encoding="utf-8")
    rc = cli_main(["quote", "--users", "6", "--subscriptions", "12", "--addon", "saldoviesti",
                   "--addon", "optimisation", "--json", "--lang", "en", "--price-list", str(path)])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert [(ln["code"], ln["amount"]) for ln in data["lines"]] == [
        ("reporting_service", "200.00"), ("setup_fee", "200.00"),
        ("saldoviesti", "4.20"), ("optimisation", "87.00")]
    assert data["totals"] == {
        "monthly": {"vat_0": "204.20", "vat_included": "256.27"},
        "one_off": {"vat_0": "287.00", "vat_included": "360.19"},
        "first_year": {"vat_0": "2737.40", "vat_included": "3435.44"},
    }
    assert data["custom_offer"] is False and data["vat_percent"] == "25.5"


def test_cli_rejects_dependency_and_unknown(price_list, capsys, tmp_path):
    path = tmp_path / "prices.toml"
    path.write_text(TEST_LIST, encoding="utf-8")
    assert cli_main(["quote", "--users", "0", "--subscriptions", "5", "--addon", "optimisation",
                     "--price-list", str(path)]) == 2
    assert "requires" in capsys.readouterr().err
    assert cli_main(["quote", "--users", "1", "--subscriptions", "5", "--addon", "x",
                     "--price-list", str(path)]) == 2
    assert "Unknown add-on x" in capsys.readouterr().err


def test_cli_as_a_process(tmp_path):
    """The real command line: `python -m reporting quote ... --json` with the shipped list."""
    out = subprocess.run([sys.executable, "-m", "reporting", "quote", "--users", "11",
                          "--subscriptions", "3", "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    data = json.loads(out.stdout)
    assert data["custom_offer"] is True
    assert data["totals"]["first_year"]["vat_0"] is None
    assert Path(ROOT / "data" / "price_list.toml").exists()
