"""Rules that exist once and are shared: codes shown as words, country names, the charge
category list (checked against the schema's ENUM and every user of the list)."""

from __future__ import annotations

import pytest

from reporting.costs.categories import CATEGORY_MONEY_COLUMNS, CHARGE_CATEGORIES
from reporting.i18n import code_label, country_name, t


def test_code_label_is_the_word_or_the_code():
    assert code_label("ticket_status", "in_progress", "fi") == t("ticket_status.in_progress", "fi")
    assert code_label("ticket_status", "in_progress", "en") == t("ticket_status.in_progress", "en")
    assert code_label("ticket_status", "in_progress", "en") != "in_progress"
    assert code_label("ticket_status", "no_such_status", "fi") == "no_such_status"
    assert code_label("service_category", None, "fi") is None


def test_the_status_helpers_and_table_labels_use_it():
    import pandas as pd

    from reporting.ui.drill import display_labels, label_codes
    from reporting.ui.status_view import category_label, ticket_status_label

    assert ticket_status_label("open", "en") == code_label("ticket_status", "open", "en")
    assert category_label("unknown_category", "fi") == "unknown_category"
    df = pd.DataFrame({"category": ["roaming", None], "finding_rule": ["inactive", "nope"]})
    shown = label_codes(df, "en", finding_rule="opt.rule")
    assert list(shown.finding_rule) == [t("opt.rule.inactive", "en"), "nope"]
    assert list(display_labels(df, "fi").category) == [t("category.roaming", "fi"), ""]


@pytest.mark.parametrize(("code", "lang", "name"), [
    ("CH", "fi", "Sveitsi"), ("CH", "en", "Switzerland"), ("ch", "en", "Switzerland"),
    ("SE", "fi", "Ruotsi"), ("US", "en", "United States"),
    ("XX", "fi", "XX"), (None, "fi", ""), ("", "en", ""),
])
def test_country_name(code, lang, name):
    assert country_name(code, lang) == name


def test_one_locale_for_country_names_in_every_report():
    """The deviations' reasons and the Saldoviesti nudge name countries with the same function
    (they used to take different English locales)."""
    from reporting.costs import deviations, usage
    from reporting.messages import saldoviesti

    assert deviations.country_name is country_name
    assert usage.country_name is country_name
    assert saldoviesti.country_name is country_name
    assert country_name("VC", "en") == "St Vincent & the Grenadines"     # en_GB, the app's English


def test_charge_categories_equal_the_schema_enum(demo_db):
    rows = demo_db.rows("SELECT unnest(enum_range(NULL::charge_category))")
    assert tuple(r[0] for r in rows) == CHARGE_CATEGORIES


def test_every_user_of_the_category_list_takes_the_one_constant():
    from reporting.costs import reports
    from reporting.ingest import contract
    from reporting.publish import monthly_report

    assert reports.BY_MONTH_COLUMNS == ["month", *CHARGE_CATEGORIES, "amount"]
    assert monthly_report.CATEGORY_COLUMNS is CHARGE_CATEGORIES
    assert CATEGORY_MONEY_COLUMNS == (*CHARGE_CATEGORIES, "amount")
    # the import vocabulary: every canonical value, each accepted as itself
    assert tuple(dict.fromkeys(contract.CHARGE_CATEGORIES.values())) == CHARGE_CATEGORIES
    assert all(contract.CHARGE_CATEGORIES[c] == c for c in CHARGE_CATEGORIES)
