"""Saldoviesti: GSM 03.38 lengths, figures equal to the invoice lines, opt-outs, templates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.cli import main as cli_main
from reporting.messages.saldoviesti import (
    MessageError,
    outbox_csv,
    render,
    saldoviesti,
    save_preferences,
    save_template,
    template_problems,
)
from reporting.messages.sms import gsm_safe, sms_length

OCT = dt.date(2026, 10, 1)
MAIN = User("u_main", "Main", Role.MAIN_USER, org_id="saimaa")


# -- GSM 03.38 ---------------------------------------------------------------------------------

def test_finnish_letters_are_one_septet_and_euro_two():
    text = "Hyvää päivää! Kulut 24,90 €. Öljy, Åland."
    length = sms_length(text)
    assert length.encoding == "GSM-7"
    assert length.units == len(text) + 1          # only € is from the extension table
    assert length.segments == 1


@pytest.mark.parametrize("text, encoding, units, segments", [
    ("ä" * 160, "GSM-7", 160, 1),
    ("ä" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),                   # 2 x 153
    ("a" * 307, "GSM-7", 307, 3),
    ("€" * 80, "GSM-7", 160, 1),
    ("€" * 81, "GSM-7", 162, 2),
    ("[]{}", "GSM-7", 8, 1),
    ("ł" + "a" * 69, "UCS-2", 70, 1),                # one Polish letter forces UCS-2
    ("ł" + "a" * 70, "UCS-2", 71, 2),
    ("😀", "UCS-2", 2, 1),                           # outside the BMP: two UTF-16 units
    ("", "GSM-7", 0, 0),
])
def test_lengths_and_segments(text, encoding, units, segments):
    length = sms_length(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_locale_spaces_and_dashes_are_made_gsm_safe():
    assert sms_length("1\u00a0234,56\u00a0€").encoding == "UCS-2"
    assert gsm_safe("1\u00a0234,56\u00a0€ \u2013 \u2212") == "1 234,56 € - -"
    assert sms_length(gsm_safe("1\u00a0234,56\u00a0€")).encoding == "GSM-7"


# -- templates -------------------------------------------------------------------------------

def test_template_problems_are_named():
    assert template_problems("Kulut {cost}") == []
    problems = template_problems("Kulut {cost} {cost.__class__} {salary}")
    assert len(problems) == 1
    assert "{cost.__class__}" in problems[0] and "{salary}" in problems[0]
    assert template_problems("   ")
    assert template_problems("Kulut {cost")


def test_render_fills_only_known_fields():
    assert render("A {cost}  B {nudge}", {"cost": "1 €", "nudge": ""}) == "A 1 € B"
    assert render("{x}", {}) == "{x}"


# -- figures ------------------------------------------------------------------------------

@pytest.fixture
def state_path(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite"
    monkeypatch.setenv("REPORTING_STATE_DB", str(path))
    return path


def test_figures_equal_the_invoice_lines_and_usage(demo_db, raw, state_path):
    msgs = saldoviesti(demo_db, Scope("pohjola"), month=OCT).set_index("subscription_id")
    subs = raw("subscriptions")
    expected_subs = subs[(subs.org_id == "pohjola") & (subs.service_type == "mobile_voice")
                         & (pd.to_datetime(subs.opened_on) <= pd.Timestamp(2026, 10, 31))
                         & (subs.closed_on.isna() | (pd.to_datetime(subs.closed_on) >= pd.Timestamp(OCT)))]
    assert set(msgs.index) == set(expected_subs.subscription_id)
    ch = raw("charges")
    ch = ch[(ch.org_id == "pohjola") & (ch.invoice_month == pd.Timestamp(OCT))]
    # the lines summed exactly and rounded once, as in every cost report (docs/reports.md)
    ch = ch.assign(exact=ch.amount.map(lambda a: Decimal(str(a))))
    cost = ch.groupby("subscription_id").exact.sum().map(
        lambda v: v.quantize(Decimal("0.01"), ROUND_HALF_UP)).astype(float)
    got = msgs.cost.astype(float)
    pd.testing.assert_series_equal(got.sort_index(), cost.reindex(got.index).fillna(0).sort_index(),
                                   check_names=False)
    um = raw("usage_monthly")
    um = um[(um.org_id == "pohjola") & (um.month == pd.Timestamp(OCT)) & (um.usage_type == "data_mb")]
    data = (um.groupby("subscription_id").quantity.sum().astype(float) / 1024).round(2)
    pd.testing.assert_series_equal(msgs.data_gb.astype(float).sort_index(),
                                   data.reindex(msgs.index).fillna(0).sort_index(), check_names=False)


def test_default_template_fits_one_segment_for_every_demo_message(demo_db, state_path):
    for org in ("pohjola", "kaarna", "saimaa"):
        msgs = saldoviesti(demo_db, Scope(org), month=OCT)
        assert len(msgs) > 50
        assert (msgs.encoding == "GSM-7").all(), msgs[msgs.encoding != "GSM-7"].text.head()
        assert (msgs.segments == 1).all(), msgs[msgs.segments > 1].text.head()


def test_text_carries_the_figures_in_finnish_and_english(demo_db, raw, state_path):
    msgs = saldoviesti(demo_db, Scope("saimaa"), month=OCT)
    row = msgs.iloc[0]
    euros = f"{float(row.cost):.2f}".replace(".", ",")
    assert f"kulut {euros} €" in row.text and "Saldoviesti 10/2026" in row.text
    save_preferences(MAIN, demo_db, "saimaa", pd.DataFrame(
        {"subscription_id": [row.subscription_id], "lang": ["en"], "opted_out": [False]}))
    again = saldoviesti(demo_db, Scope("saimaa"), month=OCT).set_index("subscription_id")
    english = again.loc[row.subscription_id]
    assert english.language == "en" and f"cost €{float(row.cost):.2f}" in english.text


def test_roaming_and_allowance_nudges(demo_db, raw, state_path):
    ch = raw("charges")
    roaming = ch[(ch.category == "roaming") & (ch.invoice_month == pd.Timestamp(OCT))
                 & (ch.org_id == "pohjola")]
    msgs = saldoviesti(demo_db, Scope("pohjola"), month=OCT).set_index("subscription_id")
    roamers = set(roaming.subscription_id) & set(msgs.index)
    assert roamers
    for sub in roamers:
        assert msgs.loc[sub].text.count("Verkkovierailu") == 1
    near = msgs[(msgs.allowance_gb.astype(float) > 0)
                & (msgs.data_gb.astype(float) >= 0.8 * msgs.allowance_gb.astype(float))
                & ~msgs.index.isin(roamers)]
    assert len(near)
    assert near.text.str.contains("Datakiintiöstä käytetty").all()


def test_opt_outs_are_honoured_in_the_outbox(demo_db, state_path):
    msgs = saldoviesti(demo_db, Scope("saimaa"), month=OCT)
    out_ids = list(msgs.subscription_id[:3])
    save_preferences(MAIN, demo_db, "saimaa", pd.DataFrame(
        {"subscription_id": out_ids, "lang": ["fi"] * 3, "opted_out": [True] * 3}))
    again = saldoviesti(demo_db, Scope("saimaa"), month=OCT)
    rows = list(csv.DictReader(io.StringIO(outbox_csv(again).decode("utf-8"))))
    phones = set(again.set_index("subscription_id").loc[out_ids].phone_number)
    assert len(rows) == len(again) - 3
    assert not phones & {r["phone_number"] for r in rows}
    assert all(r["phone_number"].startswith("+358") for r in rows)   # E.164, not neutralised


def test_only_the_main_user_or_operator_may_change_messages(demo_db, state_path):
    manager = User("u_m", "M", Role.MANAGER, org_id="saimaa", cost_centres=frozenset({"1000"}))
    other_main = User("u_x", "X", Role.MAIN_USER, org_id="pohjola")
    for user in (manager, other_main):
        with pytest.raises(MessageError):
            save_template(user, "saimaa", "fi", "Kulut {cost}")
    with pytest.raises(MessageError, match="Not subscriptions of this organisation"):
        save_preferences(MAIN, demo_db, "saimaa", pd.DataFrame(
            {"subscription_id": ["POH0000001"], "lang": ["fi"], "opted_out": [True]}))
    with pytest.raises(MessageError, match="Tuntemattomat kentät"):
        save_template(MAIN, "saimaa", "fi", "Kulut {salary}")
    save_template(MAIN, "saimaa", "fi", "Kuukausi {month}: {cost}. {nudge}")
    msgs = saldoviesti(demo_db, Scope("saimaa"), month=OCT)
    assert msgs.text.str.startswith("Kuukausi 10/2026: ").all()


def test_an_employee_sees_only_their_own_message(demo_db, raw, state_path):
    subs = raw("subscriptions")
    one = subs[(subs.org_id == "pohjola") & (subs.service_type == "mobile_voice")
               & subs.closed_on.isna()].subscription_id.iloc[0]
    msgs = saldoviesti(demo_db, Scope("pohjola", subscriptions=frozenset([one])), month=OCT)
    assert list(msgs.subscription_id) == [one]
    assert saldoviesti(demo_db, Scope.none(), month=OCT).empty


def test_cli_writes_the_outbox(demo_path, tmp_path, state_path, capsys):
    out = tmp_path / "outbox.csv"
    assert cli_main(["messages", "--org", "kaarna", "--month", "2026-10", "--db", str(demo_path),
                     "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"phone_number", "language", "text", "segments"}
    assert f"{len(rows)} messages" in capsys.readouterr().err


# -- the monthly service report ------------------------------------------------------------

def test_monthly_report_csvs_equal_the_cli_exports(demo_path, tmp_path, state_path, capsysbinary):
    def cli(*args: str) -> bytes:
        capsysbinary.readouterr()
        rc = cli_main([*args, "--db", str(demo_path)])
        done = capsysbinary.readouterr()
        assert rc == 0, (args, done.err.decode())
        return done.out

    cli("monthly-report", "--org", "saimaa", "--month", "2026-10", "--out", str(tmp_path / "out"))
    folder = tmp_path / "out" / "saimaa_2026-10"
    html_text = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script src=\"http" not in html_text and "plotly" in html_text.lower()   # opens offline
    assert "Saimaan Ohjelmistotalo Oy" in html_text and "lokakuu 2026" in html_text
    exports = {
        "costs_by_cost_centre": ("costs-by-cost-centre", "--from", "2026-10", "--to", "2026-10"),
        "costs_by_month": ("costs-by-month", "--from", "2024-11", "--to", "2026-10"),
        "cost_deviations": ("cost-deviations", "--month", "2026-10"),
        "usage_by_subscription": ("usage-by-subscription", "--from", "2026-10", "--to", "2026-10"),
        "status_sla": ("status-sla", "--month", "2026-10"),
        "tickets": ("tickets", "--month", "2026-10"),
        "optimisation": ("optimisation", "--month", "2026-10"),
    }
    for stem, (report, *flags) in exports.items():
        assert (folder / f"{stem}.csv").read_bytes() == cli("export", report, "--org", "saimaa", *flags), stem
    # the month's total in the HTML is the costs-by-month figure a manager sees
    month = pd.read_csv(folder / "costs_by_month.csv").iloc[-1]
    euros = f"{month.amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    assert f"{euros}\u00a0€" in html_text


def test_monthly_report_for_every_organisation(demo_path, tmp_path, state_path):
    out = tmp_path / "out"
    assert cli_main(["monthly-report", "--all", "--out", str(out), "--db", str(demo_path)]) == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [
        "kaarna_2026-10", "pohjola_2026-10", "saimaa_2026-10"]


def test_message_costs_equal_the_cost_report(demo_db, state_path):
    """The Saldoviesti figure is the costs-by-subscription figure a manager sees."""
    from reporting.core.registry import run_report

    msgs = saldoviesti(demo_db, Scope("kaarna"), month=OCT).set_index("subscription_id")
    costs = run_report("costs-by-subscription", demo_db, Scope("kaarna"), month_from=OCT, month_to=OCT)
    costs = costs.set_index("subscription_id").amount.astype(float)
    shared = msgs.index.intersection(costs.index)
    assert len(shared) == (msgs.cost.astype(float) != 0).sum()
    pd.testing.assert_series_equal(msgs.loc[shared].cost.astype(float).sort_index(),
                                   costs.loc[shared].sort_index(), check_names=False)
