"""The Saldoviesti fast path (issue 19) gives exactly what the per-row reference gives: every
row's text, nudge, characters, segments and encoding, for every demo organisation and several
months, templates and preferences; its formatters equal reporting.i18n's (Babel); its SMS
lengths equal sms_length; the month's messages are computed once and shared."""

from __future__ import annotations

import datetime as dt
import random
import threading

import numpy as np
import pandas as pd
import pytest

from reporting.access.scope import Role, Scope, User
from reporting.core.registry import run_report, scoped_params
from reporting.i18n import fmt_money, fmt_number, fmt_percent
from reporting.messages import saldoviesti as sv
from reporting.messages.formats import format_column, formatter
from reporting.messages.saldoviesti import (
    DEFAULT_TEMPLATES,
    MESSAGE_COLUMNS,
    MessageSettings,
    message_text,
    render_messages,
    saldoviesti,
    save_preferences,
)
from reporting.messages.sms import GSM7_BASIC, GSM7_EXTENSION, gsm_safe, gsm_safe_all, sms_length, sms_lengths

OCT = dt.date(2026, 10, 1)
ORGS = ("pohjola", "kaarna", "saimaa")


def reference(figures: pd.DataFrame, settings: MessageSettings, month: dt.date) -> pd.DataFrame:
    """The per-row path as it was before issue 19: a Series per row, message_text, sms_length."""
    prefs = settings.prefs.set_index("subscription_id")
    rows = []
    for row in figures.itertuples(index=False):
        s = pd.Series(row._asdict())
        lang = prefs.lang.get(row.subscription_id, "fi") if len(prefs) else "fi"
        opted_out = bool(prefs.opted_out.get(row.subscription_id, 0)) if len(prefs) else False
        text, nudge = message_text(s, settings.templates[lang], lang, month)
        length = sms_length(text)
        rows.append({**{c: s[c] for c in ("subscription_id", "phone_number", "user_name", "cost_centre",
                                          "cost", "roaming_cost", "data_gb", "allowance_gb",
                                          "voice_min", "messages")},
                     "language": lang, "opted_out": opted_out, "nudge": nudge, "text": text,
                     "characters": len(text), "segments": length.segments,
                     "encoding": length.encoding})
    return pd.DataFrame(rows, columns=MESSAGE_COLUMNS)


def figures_of(db, org: str, month: dt.date) -> pd.DataFrame:
    return db.named("messages/messages_month", scoped_params(Scope(org), month=month))


def no_prefs() -> pd.DataFrame:
    return pd.DataFrame(columns=["subscription_id", "lang", "opted_out"])


@pytest.fixture
def state_path(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite"
    monkeypatch.setenv("REPORTING_STATE_DB", str(path))
    return path


# -- every row of the demo -------------------------------------------------------------------

@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("month", [OCT, dt.date(2026, 7, 1), dt.date(2025, 12, 1)])
def test_every_demo_row_equals_the_per_row_reference(demo_db, org, month):
    figures = figures_of(demo_db, org, month)
    assert len(figures) > 50
    subs = list(figures.subscription_id)
    # a third in English, every seventh opted out: both languages and opt-outs are exercised
    stored = {s: ("en", 0) for s in subs[::3]} | {s: ("fi", 1) for s in subs[1::7]}
    prefs = pd.DataFrame([(s, lang, out) for s, (lang, out) in stored.items()],
                         columns=["subscription_id", "lang", "opted_out"])
    for settings in (MessageSettings(dict(DEFAULT_TEMPLATES), no_prefs()),
                     MessageSettings(dict(DEFAULT_TEMPLATES), prefs)):
        want = reference(figures, settings, month)
        got = render_messages(figures, settings, month)
        pd.testing.assert_frame_equal(got, want)
    assert (want.language == "en").any() and want.opted_out.any()


def test_the_demo_exercises_every_nudge(demo_db):
    """The comparison above is not vacuous: the demo's months give every kind of nudge."""
    settings = MessageSettings(dict(DEFAULT_TEMPLATES), no_prefs())
    nudges = pd.concat([render_messages(figures_of(demo_db, org, m), settings, m).nudge
                        for org in ORGS for m in (OCT, dt.date(2026, 7, 1), dt.date(2025, 12, 1))])
    for start in ("Verkkovierailu", "Datakiintiöstä", "Kulut"):
        assert nudges.str.startswith(start).sum() > 0, start
    assert (nudges == "").sum() > 0


TEMPLATES = [
    "{month}  {number}   {cost} {data}/{allowance} {voice} {messages} {roaming}  {nudge}  ",
    "Hei! {nudge} {{cost}} {unknown} {cost.__class__} {cost {month}} } {",
    "Kulut {cost} – “lainaus” … {roaming}\u00a0{data}",        # look-alikes made GSM-safe
    "Hinta [{cost}] ~{voice}~ | {messages} \\ ^",               # extension characters: 2 septets
    "Zażółć {cost} {nudge}",                                     # a Polish letter: UCS-2
    "😀 {number} " + "x" * 200,                                  # outside the BMP, many segments
    "{nudge}",                                                   # empty when there is no nudge
    "",
]


@pytest.mark.parametrize("body", TEMPLATES)
def test_templates_of_every_kind_equal_the_reference(demo_db, body):
    figures = figures_of(demo_db, "pohjola", OCT)
    subs = list(figures.subscription_id)
    prefs = pd.DataFrame({"subscription_id": subs[::2], "lang": "en", "opted_out": 0})
    settings = MessageSettings({"fi": body, "en": body[::-1]}, prefs)
    pd.testing.assert_frame_equal(render_messages(figures, settings, OCT), reference(figures, settings, OCT))


def test_edge_figures_equal_the_reference():
    """Figures the demo may lack: thresholds met exactly, no allowance, zero allowance, roaming
    without a country, big and tiny amounts, half-cent and half-percent ties."""
    rows = [
        # roaming, country, allowance, data, avg 3 m, cost, voice, messages
        (12.5, "SE", 10.0, 9.0, 20.0, 40.0, 0.0, 0.0),
        (0.01, None, None, 120.5, 0.0, 0.0, 10293.0, 178.0),
        (0.0, None, 0.0, 3.0, 10.0, 25.0, 1.0, 1.0),
        (0.0, None, 10.0, 8.0, 10.0, 15.0, 2.0, 2.0),            # share exactly 0.8
        (0.0, None, 10.0, 7.99, 20.0, 30.0, 3.0, 3.0),           # growth exactly 150 % and 10 €
        (0.0, None, 10.0, 7.99, 20.0, 29.99, 4.0, 4.0),
        (0.0, None, 50.0, 41.25, 0.0, 1234567.89, 1000.0, 1000.0),   # 82.5 %: half to even
        (0.0, None, 2.0, 1.65, 0.0, 0.005, 999.5, 0.5),
        (-3.0, "XX", 10.0, 0.0, 5.0, -12.34, 0.0, 0.0),          # a credit, an unknown country
        (3425.58, "TH", 10.0, 0.05, 100.0, 3425.58, 0.0, 0.0),
    ]
    figures = pd.DataFrame(rows, columns=["roaming_cost", "roaming_country", "allowance_gb", "data_gb",
                                          "avg_cost_3m", "cost", "voice_min", "messages"])
    figures.insert(0, "subscription_id", [f"S{i:02d}" for i in range(len(rows))])
    figures.insert(1, "phone_number", ["+358401234567", "+46701234567", "+3584012", "+358501112223",
                                       "+358441234567", "+358451234567", "+358461234567", "+358471234567",
                                       "+358481234567", "+358491234567"])
    figures.insert(2, "user_name", ["Ääli Öö", None, "A", "B", "C", "D", "E", "F", "G", "H"])
    figures.insert(3, "cost_centre", "1000")
    figures.insert(4, "plan", "p")
    figures = figures.astype({"roaming_country": "str", "user_name": "str"})
    prefs = pd.DataFrame({"subscription_id": ["S01", "S03", "S05", "S07", "S09"], "lang": "en", "opted_out": 1})
    for settings in (MessageSettings(dict(DEFAULT_TEMPLATES), no_prefs()),
                     MessageSettings(dict(DEFAULT_TEMPLATES), prefs)):
        want = reference(figures, settings, OCT)
        pd.testing.assert_frame_equal(render_messages(figures, settings, OCT), want)
    assert set(want.nudge.str.split(" ").str[0]) >= {"Verkkovierailu", "Datakiintiöstä", "Kulut", ""}


# -- the parts -------------------------------------------------------------------------------

def _values() -> list:
    rng = random.Random(19)
    values = [0.0, -0.0, 0.005, 0.015, 0.025, 0.125, 0.5, 1.5, 2.5, 999.995, 999.5, 1000.0, 1e7, 12345678.9,
              -0.004, -0.005, -1234.565, 0.8, 0.825, 0.835, 0.8249999, 1.0, 2.675, 1.005]
    values += [round(rng.uniform(-5000, 5000), 2) for _ in range(1500)]
    values += [rng.uniform(0, 100) for _ in range(1500)]
    values += [float(rng.randint(0, 20000)) for _ in range(300)]
    values += [round(rng.uniform(0, 2), 3) for _ in range(300)]
    return values


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_formatters_equal_babel(lang):
    cases = [(formatter("money", lang), lambda v: fmt_money(v, lang)),
             (formatter("number", lang, 0), lambda v: fmt_number(v, lang, 0)),
             (formatter("number", lang, 1), lambda v: fmt_number(v, lang, 1)),
             (formatter("percent", lang, 0), lambda v: fmt_percent(v, lang, 0))]
    values = _values()
    for fast, babel in cases:
        for v in [*values, None, float("nan")]:
            assert fast(v) == babel(v), (lang, v)
        column = format_column(np.array(values + [np.nan]), fast)
        assert list(column) == [babel(v) for v in values] + [babel(None)]


def test_a_negative_zero_keeps_its_sign_in_a_column():
    fmt = formatter("money", "fi")
    assert list(format_column(np.array([0.0, -0.0, 0.0]), fmt)) == [fmt_money(0.0), fmt_money(-0.0), fmt_money(0.0)]
    assert fmt_money(-0.0) != fmt_money(0.0)


def test_sms_lengths_equal_sms_length():
    rng = random.Random(38)
    alphabet = GSM7_BASIC + GSM7_EXTENSION + "ł€😀\u00a0ž"
    texts = ["", "a" * 160, "a" * 161, "€" * 80, "€" * 81, "ł" * 70, "ł" * 71, "😀" * 35, "😀" * 36,
             "a" * 306, "a" * 307, "\x1b", "\n\r"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(500)]
    texts += ["".join(rng.choice(GSM7_BASIC.replace("\x1b", "")) for _ in range(rng.randint(140, 330)))
              for _ in range(300)]
    encodings, units, segments = sms_lengths(texts)
    want = [sms_length(x) for x in texts]
    assert encodings == [w.encoding for w in want]
    assert units == [w.units for w in want]
    assert segments == [w.segments for w in want]
    assert {"GSM-7", "UCS-2"} == set(encodings) and max(segments) >= 3


def test_gsm_safe_all_equals_gsm_safe_for_every_character():
    chars = [chr(c) for c in range(0x3000)] + ["😀"]
    assert gsm_safe_all(chars) == [gsm_safe(c) for c in chars]
    text = "".join(chars)
    assert gsm_safe_all([text]) == [gsm_safe(text)]


# -- computed once, shared -------------------------------------------------------------------

def test_the_month_is_computed_once_and_a_saved_change_shows(demo_db, state_path, monkeypatch):
    calls = []
    real = sv.render_messages
    monkeypatch.setattr(sv, "render_messages", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(sv, "_memo", type(sv._memo)())
    threads = [threading.Thread(target=saldoviesti, args=(demo_db, Scope("kaarna")), kwargs={"month": OCT})
               for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    first = saldoviesti(demo_db, Scope("kaarna"), month=OCT)
    assert len(calls) == 1
    kpis = run_report("saldoviesti-kpis", demo_db, Scope("kaarna"), month=OCT).iloc[0]
    assert len(calls) == 1 and kpis.messages == len(first)
    first.loc[0, "text"] = "changed by a caller"          # a caller's copy, not the shared frame
    assert saldoviesti(demo_db, Scope("kaarna"), month=OCT).text.iloc[0] != "changed by a caller"
    main = User("m", "M", Role.MAIN_USER, org_id="kaarna")
    save_preferences(main, demo_db, "kaarna", pd.DataFrame(
        {"subscription_id": [first.subscription_id.iloc[0]], "lang": ["en"], "opted_out": [True]}))
    again = saldoviesti(demo_db, Scope("kaarna"), month=OCT)
    assert len(calls) == 2
    assert again.language.iloc[0] == "en" and bool(again.opted_out.iloc[0])


def test_the_shared_memo_is_bounded_by_rows(demo_db, state_path, monkeypatch):
    monkeypatch.setattr(sv, "_memo", type(sv._memo)())
    monkeypatch.setattr(sv, "MEMO_ROWS", 1)
    for org in ORGS:
        saldoviesti(demo_db, Scope(org), month=OCT)
    assert len(sv._memo) == 1 and next(iter(sv._memo))[2][0] == "saimaa"


def test_local_numbers_equal_local_number():
    numbers = ["+358401234567", "+3584012345", "+358401234", "+35840", "+46701234567", "", "+358 40 1",
               "+3585012345678901", "0401234567", "+358ääöö123456"]
    assert sv.local_numbers(pd.Series(numbers, dtype="str")) == [sv.local_number(n) for n in numbers]


def test_warming_fills_the_memo_for_every_organisation(demo_db, state_path, monkeypatch):
    monkeypatch.setattr(sv, "_memo", type(sv._memo)())
    counts = sv.warm_latest_months(demo_db)
    assert set(counts) == set(ORGS) and all(n > 50 for n in counts.values())
    calls = []
    monkeypatch.setattr(sv, "render_messages", lambda *a: calls.append(1))
    for org in ORGS:
        assert len(saldoviesti(demo_db, Scope(org))) == counts[org]
    assert not calls
