"""The HTML documents (the quote, the monthly report) come from Jinja2 templates with
autoescape: hostile text from the data shows as text and never becomes markup."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from markupsafe import escape

from reporting.orders.pricing import load_price_list, make_quote
from reporting.orders.quote import quote_html
from reporting.publish.monthly_report import SECTIONS, render_html
from tests.helpers import ROOT

SCRIPT = "<script>alert('x')</script>"
MARKDOWN = "**x** [l](http://evil.example)"
ATTRIBUTE = '" onmouseover="alert(1)'


def esc(text: str) -> str:
    return str(escape(text))


def _assert_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert esc(SCRIPT) in page                  # &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;
    assert MARKDOWN in page                              # shown as typed: no markup to escape ...
    assert "<a href=\"http://evil.example" not in page  # ... and never turned into a link
    assert "<strong>" not in page and "<b>" not in page
    assert ATTRIBUTE not in page and esc(ATTRIBUTE) in page


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_quote_escapes_the_company_and_business_id(lang):
    quote = make_quote(3, 25, ["saldoviesti"], load_price_list(ROOT / "data" / "price_list.toml"))
    page = quote_html(quote, lang, company=SCRIPT + " " + MARKDOWN, business_id=ATTRIBUTE,
                      today=dt.date(2026, 11, 27))
    _assert_escaped(page)
    assert page.count("<script") == 0                   # the quote has no scripts at all


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_monthly_report_escapes_names_and_cells(lang):
    data = {s.key: pd.DataFrame() for s in SECTIONS}
    data["tickets"] = pd.DataFrame({"ticket_id": ["T-1", "T-2"], "title": [SCRIPT, MARKDOWN],
                                    "status": [ATTRIBUTE, "open"]})
    page = render_html(SCRIPT, MARKDOWN, dt.date(2026, 10, 1), data, lang, dt.datetime(2026, 11, 1, 8))
    _assert_escaped(page)
    assert page.count("<script") == 0                   # no chart (no month data): no plotly.js either
    body = page.split("<h2 id=\"tickets\">")[1]
    assert f"<td>{esc(SCRIPT)}</td>" in body and f"<td>{MARKDOWN}</td>" in body
