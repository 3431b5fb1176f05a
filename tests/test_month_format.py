"""One month format (issue 14, point 11): in tables and on chart axes 11/2026 (Finnish) or
Nov 2026 (English), in headings marraskuu 2026 / November 2026; a month never renders as its
first day (1.11.2026). Every page of the main user, in both languages, through AppTest."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from reporting.access.scope import Role
from reporting.i18n import fmt_date, fmt_month, is_month_column
from reporting.orders.ordering import today_in_finland
from reporting.orders.pricing import make_quote
from reporting.orders.quote import quote_valid_until
from reporting.ui.navigation import PAGES
from tests.helpers import MAIN_USER, app_as, open_page

MAIN_PAGES = [p.key for p in PAGES if Role.MAIN_USER in p.roles and p.key != "change_password"]
FIRST_DAY = re.compile(r"(?<![\d.])1\.(?:[1-9]|1[0-2])\.20\d\d(?![\d.])")   # 1.12.2025
EXPECTED = {"fi": "M/YYYY", "en": "MMM YYYY"}     # dayjs patterns of 12/2025 and Dec 2025
_QUOTE = make_quote(1, 0)


def test_month_texts():
    assert fmt_month(dt.date(2026, 11, 1), "fi") == "marraskuu 2026"
    assert fmt_month(dt.date(2026, 11, 1), "en") == "November 2026"
    assert fmt_month(dt.date(2026, 11, 1), "fi", short=True) == "11/2026"
    assert fmt_month(dt.date(2026, 11, 1), "en", short=True) == "Nov 2026"
    assert is_month_column("month") and is_month_column("invoice_month")
    assert not is_month_column("usage_date") and not is_month_column("months")


def _texts(at) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.value for m in at.metric] + [m.label for m in at.metric]
    return [t for t in out if isinstance(t, str)]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_month_renders_as_a_date(app_env, lang):
    at = app_as(MAIN_USER, lang=lang)
    month_columns = 0
    for key in MAIN_PAGES:
        at = open_page(at, key)
        assert not at.exception, key
        for text in _texts(at):
            # a real date that falls on the 1st (a quote valid until 1.1.2027) is not a month
            text = text.replace(fmt_date(quote_valid_until(_QUOTE, today_in_finland()), lang), "")
            assert not FIRST_DAY.search(text), (key, text)
        for df in at.dataframe:
            config = json.loads(df.proto.columns or "{}")
            value = df.value
            for col in value.columns:
                cells = value[col].dropna()
                if cells.dtype == object:
                    assert not cells.astype(str).str.fullmatch(FIRST_DAY.pattern).any(), (key, col)
                if is_month_column(str(col)) and len(cells) and hasattr(cells.iloc[0], "year"):
                    month_columns += 1
                    assert config[str(col)]["type_config"]["format"] == EXPECTED[lang], (key, col, config[str(col)])
    assert month_columns >= 3     # the cost, drill-down and usage tables' month columns were checked
