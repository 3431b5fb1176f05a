"""The charge categories of an invoice line, in their display order: the one list the cost
reports (a column per category), the monthly report's trend chart, the import contract's
vocabulary and the pages' money formats use. The analytical schema's ``charge_category`` ENUM
(reporting/sql/migrations/0001_core.sql) holds the same values; a test checks they agree."""

from __future__ import annotations

CHARGE_CATEGORIES: tuple[str, ...] = ("monthly_fee", "usage", "roaming", "one_time", "discount", "service")

# the money columns of a report with a column per category and the total
CATEGORY_MONEY_COLUMNS: tuple[str, ...] = (*CHARGE_CATEGORIES, "amount")

# One colour per charge category, in every chart of every view (organisation, manager,
# employee, the monthly report): roaming is the same red wherever it appears.
CATEGORY_COLOURS: dict[str, str] = {
    "monthly_fee": "#0b5cab", "usage": "#2a9d8f", "roaming": "#d62728", "one_time": "#f28e2b",
    "discount": "#8d99ae", "service": "#9467bd",
}
