"""The tables' fast cell formatters give exactly the text of the Babel formatters."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from reporting.i18n import fmt_money, fmt_number, fmt_percent
from reporting.ui.tables import _fast_formatter

EDGE = [0, 0.0, -0.0, 0.005, 0.015, 0.125, 2.675, -2.675, 1.005, -0.001, 999.995, 1234.5, -1234567.555,
        1e15, 12, -7, 0.1255, -0.1255, 1 / 3, np.float64(2.5), np.int64(-1234), None, math.nan, float("nan")]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("kind,slow", [
    ("money", lambda v, lang: fmt_money(v, lang)),
    ("pct", lambda v, lang: fmt_percent(v, lang)),
    ("num0", lambda v, lang: fmt_number(v, lang, 0)),
    ("num1", lambda v, lang: fmt_number(v, lang, 1)),
    ("num2", lambda v, lang: fmt_number(v, lang, 2)),
])
def test_fast_formatter_equals_babel(kind, slow, lang):
    fast = _fast_formatter(kind, lang)
    rng = random.Random(4)
    values = EDGE + [round(rng.uniform(-1e6, 1e6), rng.randint(0, 4)) for _ in range(3000)] \
        + [rng.uniform(-2, 2) for _ in range(1000)] + [rng.randint(-10**7, 10**7) for _ in range(500)]
    for v in values:
        assert fast(v) == slow(v, lang), v


def test_other_languages_use_babel():
    assert _fast_formatter("money", "sv") is None
