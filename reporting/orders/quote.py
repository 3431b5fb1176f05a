"""A quote as a table of lines (for the page and CSV) and as a self-contained HTML document.

The HTML has its styles inline and no external resources (no scripts, fonts or images), so
it can be saved, e-mailed or printed to PDF from any browser. It is rendered from
templates/quote.html by Jinja2 with autoescape: every text is escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd

from reporting.core.templates import render
from reporting.i18n import fmt_date, fmt_money, fmt_number, t
from reporting.orders.pricing import Quote, quote_notes


def quote_number(quote: Quote, *, company: str | None = None, business_id: str | None = None,
                 today: dt.date) -> str:
    """The quote's number, ``TAR-YYYYMMDD-XXXXXXXX``: its date and the first 8 hex digits of
    the SHA-256 of what it offers (price list version, counts, add-ons, lines, totals) and to
    whom. Stable: the same quote on the same day has the same number however often it is
    downloaded; a quote that differs in any figure, customer or day has another one."""
    content = {"quote": quote.to_dict("en"), "company": (company or "").strip(),
               "business_id": (business_id or "").strip(), "date": today.isoformat()}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"TAR-{today:%Y%m%d}-{digest[:8].upper()}"


def quote_valid_until(quote: Quote, today: dt.date) -> dt.date:
    """The last day the quote is valid: its date plus the price list's ``quote_valid_days``."""
    return today + dt.timedelta(days=quote.price_list.quote_valid_days)


def vat_rate_text(quote: Quote, lang: str) -> str:
    rate = quote.price_list.vat_rate * 100
    return fmt_number(rate, lang, 0 if rate == rate.to_integral_value() else 1)


def lines_frame(quote: Quote, lang: str) -> pd.DataFrame:
    """The quote's lines with canonical columns (amounts as floats of exact cents; a custom
    offer's amount is empty)."""
    pl = quote.price_list
    rows = []
    for ln in quote.lines:
        rows.append({
            "description": ln.description(lang, pl, quote.users),
            "quote_period": t(f"quote.period.{ln.period}", lang),
            "quantity": ln.quantity,
            "unit": t(f"quote.unit.{ln.unit}", lang),
            "quote_unit_price": None if ln.unit_price is None else float(ln.unit_price),
            "amount": None if ln.amount is None else float(ln.amount),
            "quote_example_price": ln.example,
        })
    return pd.DataFrame(rows, columns=["description", "quote_period", "quantity", "unit",
                                       "quote_unit_price", "amount", "quote_example_price"])


def money_or_custom(value: Decimal | None, lang: str) -> str:
    return t("quote.custom_offer", lang) if value is None else fmt_money(value, lang)


def totals_rows(quote: Quote, lang: str) -> list[tuple[str, str, str]]:
    """(label, VAT 0 %, VAT included) for the monthly, one-off and first-year totals."""
    out = []
    for key, tot in (("monthly", quote.monthly), ("one_off", quote.one_off),
                     ("first_year", quote.first_year)):
        out.append((t(f"quote.total.{key}", lang), money_or_custom(tot.net, lang),
                    money_or_custom(tot.gross, lang)))
    return out


TEMPLATES = Path(__file__).parent / "templates"


def quote_html(quote: Quote, lang: str, *, company: str | None = None,
               business_id: str | None = None, today: dt.date | None = None) -> str:
    """The quote as one self-contained HTML page in ``lang`` (templates/quote.html)."""
    pl = quote.price_list
    today = today or dt.date.today()
    meta = []
    if company:
        meta.append(t("quote.customer", lang, company=company, business_id=business_id or "–"))
    meta.append(t("quote.for", lang, users=fmt_number(quote.users, lang),
                  subscriptions=fmt_number(quote.subscriptions, lang)))
    meta.append(t("quote.number", lang, number=quote_number(quote, company=company, business_id=business_id,
                                                          today=today),
                  valid_until=fmt_date(quote_valid_until(quote, today), lang)))
    meta.append(t("quote.date", lang, date=fmt_date(today, lang), version=pl.version))
    headers = [(t("col.description", lang), False), (t("col.quote_period", lang), False),
               (t("col.quantity", lang), True), (t("col.quote_unit_price", lang), True),
               (t("col.amount", lang), True)]
    lines = []
    for ln in quote.lines:
        included = t("quote.included", lang) if ln.included else None
        lines.append({
            "description": ln.description(lang, pl, quote.users), "example": ln.example,
            "period": t("quote.period." + ln.period, lang),
            "quantity": f"{fmt_number(ln.quantity, lang)} {t('quote.unit.' + ln.unit, lang)}",
            "unit_price": included or money_or_custom(ln.unit_price, lang),
            "amount": included or money_or_custom(ln.amount, lang),
        })
    return render(TEMPLATES, "quote.html", lang=lang, title=t("quote.title", lang), meta=meta,
                  headers=headers, lines=lines, example_mark=t("quote.example_mark", lang),
                  vat_0=t("quote.vat_0", lang),
                  vat_incl=t("quote.vat_incl", lang, rate=vat_rate_text(quote, lang)),
                  totals=totals_rows(quote, lang), notes=quote_notes(quote, lang))
