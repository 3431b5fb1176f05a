"""A quote as a table of lines (for the page and CSV) and as a self-contained HTML document.

The HTML has its styles inline and no external resources (no scripts, fonts or images), so
it can be saved, e-mailed or printed to PDF from any browser. Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pandas as pd

from reporting.i18n import fmt_date, fmt_money, fmt_number, t
from reporting.orders.pricing import Quote, quote_notes


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


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
p.meta { color: #5a6272; margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; margin: 1.2rem 0; }
th, td { padding: .4rem .6rem; border-bottom: 1px solid #d9dde5; text-align: left; }
th { background: #f1f3f7; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; }
.example { color: #a15c00; font-size: .85em; }
ul.notes { color: #3b4252; }
@media print { body { margin: 0; } }
"""


def quote_html(quote: Quote, lang: str, *, company: str | None = None,
               business_id: str | None = None, today: dt.date | None = None) -> str:
    """The quote as one self-contained HTML page in ``lang``."""
    e = html.escape
    pl = quote.price_list
    today = today or dt.date.today()
    rate = vat_rate_text(quote, lang)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{e(t('quote.title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        f"<h1>{e(t('quote.title', lang))}</h1>\n",
    ]
    if company:
        parts.append(f'<p class="meta">{e(t("quote.customer", lang, company=company, business_id=business_id or "–"))}</p>\n')
    parts.append(f'<p class="meta">{e(t("quote.for", lang, users=fmt_number(quote.users, lang), subscriptions=fmt_number(quote.subscriptions, lang)))}</p>\n')
    parts.append(f'<p class="meta">{e(t("quote.date", lang, date=fmt_date(today, lang), version=pl.version))}</p>\n')

    parts.append("<table>\n<thead><tr>")
    for label, num in ((t("col.description", lang), False), (t("col.quote_period", lang), False),
                       (t("col.quantity", lang), True), (t("col.quote_unit_price", lang), True),
                       (t("col.amount", lang), True)):
        cls = ' class="num"' if num else ""
        parts.append(f"<th{cls}>{e(label)}</th>")
    parts.append("</tr></thead>\n<tbody>\n")
    for ln in quote.lines:
        desc = e(ln.description(lang, pl, quote.users))
        if ln.example:
            desc += f' <span class="example">({e(t("quote.example_mark", lang))})</span>'
        if ln.included:
            unit_price = amount = e(t("quote.included", lang))
        else:
            unit_price = e(money_or_custom(ln.unit_price, lang))
            amount = e(money_or_custom(ln.amount, lang))
        qty = f"{fmt_number(ln.quantity, lang)} {t('quote.unit.' + ln.unit, lang)}"
        parts.append(f"<tr><td>{desc}</td><td>{e(t('quote.period.' + ln.period, lang))}</td>"
                     f'<td class="num">{e(qty)}</td><td class="num">{unit_price}</td>'
                     f'<td class="num">{amount}</td></tr>\n')
    parts.append("</tbody>\n</table>\n<table>\n<thead><tr><th></th>")
    parts.append(f'<th class="num">{e(t("quote.vat_0", lang))}</th>'
                 f'<th class="num">{e(t("quote.vat_incl", lang, rate=rate))}</th></tr></thead>\n<tbody>\n')
    for label, net, gross in totals_rows(quote, lang):
        parts.append(f'<tr class="total"><td>{e(label)}</td><td class="num">{e(net)}</td>'
                     f'<td class="num">{e(gross)}</td></tr>\n')
    parts.append("</tbody>\n</table>\n<ul class=\"notes\">\n")
    for note in quote_notes(quote, lang):
        parts.append(f"<li>{e(note)}</li>\n")
    parts.append("</ul>\n</body>\n</html>\n")
    return "".join(parts)
