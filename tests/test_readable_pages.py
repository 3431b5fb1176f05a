"""Every value a person reads is a word, a name or a formatted figure (issue 14, point 7):
AppTest over every page for every demo persona in Finnish finds no 'None', 'nan' or 'NaT',
no code of a known list, no ISO timestamp and no missing table cell (which Streamlit draws as
the text "None")."""

from __future__ import annotations

import re

import pandas as pd

from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import _catalogue
from reporting.ui.navigation import pages_for
from tests.helpers import app_as, open_page

# every page of every persona (an empty tuple); a tuple of page keys narrows it
PAGES: tuple[str, ...] = ()
CODE_PREFIXES = ("service_type.", "status.", "category.", "opt.rule.", "opt.action.", "opt.decision.",
                 "opt.stage.", "ticket_status.", "service_category.", "import.mode.", "ingest.status.")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
RAW = re.compile(r"\b(None|nan|NaN|NaT)\b")


def known_codes() -> set[str]:
    codes = {key.split(".")[-1] for key in _catalogue() if key.startswith(CODE_PREFIXES)}
    return {c for c in codes if "_" in c}


def rendered(at) -> tuple[str, list[tuple[str | None, pd.DataFrame]]]:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.info, *at.warning, *at.success, *at.error)]
    parts += [h.value for h in (*at.title, *at.subheader)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [h.value for h in at.html]              # the status page's header, list, timeline
    frames = [(f.key, f.value) for f in at.dataframe]
    text = "\n".join(str(p) for p in parts)
    return re.sub(r"<[^>]*>", " ", text), frames      # what is read, not the HTML's attributes


def problems_of(at, codes: set[str]) -> list[str]:
    text, frames = rendered(at)
    found = [f"text {m!r}" for m in RAW.findall(text)] + [f"iso {m!r}" for m in ISO.findall(text)]
    found += [f"english unit {m!r}" for m in re.findall(r"\b(?:GB|MB)\b", text)]    # Gt, Mt in Finnish
    found += [f"code {w!r}" for w in re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text) if w in codes]
    for key, df in frames:
        for col in df.columns:
            if df[col].isna().any():
                found.append(f"missing cell in {key}:{col}")
            if not (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
                continue          # typed dates and numbers: the table's column formats show them
            values = df[col].dropna().astype(str)
            hits = set(values[values.isin(codes)])
            if hits:
                found.append(f"code in {key}:{col} {sorted(hits)[:3]}")
            if values.str.contains(ISO).any():
                found.append(f"iso in {key}:{col}")
    return found


def test_every_page_every_persona_reads_in_finnish(app_env, demo_path):
    db = Database(demo_path)
    try:
        personas = demo_personas(db)
    finally:
        db.close()
    codes = known_codes()
    assert {"mobile_voice", "partial_outage", "carried_out"} <= codes
    report, visited = [], 0
    for persona in personas:
        at = app_as(persona.user_id, org="pohjola" if persona.role.value == "operator" else None)
        for spec in pages_for(persona.role):
            if PAGES and spec.key not in PAGES:
                continue
            at = open_page(at, spec.key)
            assert not at.exception, (persona.user_id, spec.key, at.exception)
            assert at.title, (persona.user_id, spec.key)          # the page itself ran
            visited += 1
            report += [f"{persona.user_id} {spec.key}: {p}" for p in problems_of(at, codes)]
    assert report == [], "\n".join(report[:40])
    assert visited >= 5 * len(personas)


def test_a_column_with_gaps_reads_like_a_typed_one():
    """A column with a missing value is shown as text (Streamlit would draw "None"): in the
    format show_table gives the typed column beside it (D.M.YYYY HH:mm, a month as 10/2026,
    a date column as dates even when one time is midnight), and the state store's UTC text in
    Helsinki time."""
    from reporting.ui.readable import readable

    df = pd.DataFrame({
        "resolved_at": [pd.Timestamp("2026-11-01 05:29"), pd.Timestamp("2026-11-02 00:00"), pd.NaT],
        "invoice_month": [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-08-01"), pd.NaT],
        "due_on": [pd.Timestamp("2026-10-03"), pd.Timestamp("2026-10-04"), pd.NaT],
        "decided_at": ["2026-12-02T02:29:47.588Z", "2026-07-01 09:00:00", None],
        "full": [1.5, 2.0, 3.0],
    })
    fi, left = readable(df, "fi", {"full": "num1"})
    assert list(fi.resolved_at) == ["1.11.2026 05:29", "2.11.2026 00:00", "–"]
    assert list(fi.invoice_month) == ["10/2026", "8/2026", "–"]
    assert list(fi.due_on) == ["3.10.2026", "4.10.2026", "–"]
    assert list(fi.decided_at) == ["2.12.2026 04:29", "1.7.2026 12:00", "–"]      # UTC+2, UTC+3
    assert fi.full.tolist() == [1.5, 2.0, 3.0] and left == {"full": "num1"}   # no gap: typed
    en, _ = readable(df, "en")
    assert list(en.resolved_at) == ["1 Nov 2026 05:29", "2 Nov 2026 00:00", "–"]
    assert list(en.invoice_month) == ["Oct 2026", "Aug 2026", "–"]
