"""python -m reporting quote: the price quote for a number of users, subscriptions and add-ons.

The same price rules and price list (data/price_list.toml) as the order page. ``--json``
prints the lines and totals as JSON (amounts as exact decimal strings, null where a custom
offer follows); otherwise a readable table. ``--html FILE`` writes the self-contained HTML
quote the page offers for download.
"""

from __future__ import annotations

import argparse
import json
import sys

from reporting.commands.common import STDOUT, add_out_argument, write_output
from reporting.core import config
from reporting.i18n import fmt_date, fmt_money, t
from reporting.orders.ordering import today_in_finland
from reporting.orders.pricing import PriceListError, QuoteError, load_price_list, make_quote, quote_notes
from reporting.orders.quote import quote_html, quote_number, quote_valid_until, vat_rate_text

NAME = "quote"
ORDER = 70
HELP = "Price quote for the reporting service: --users N --subscriptions M [--addon NAME]..."


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {number}")
    return number


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--users", type=_count, required=True, metavar="N",
                   help="reporting-service users (0 = add-ons only; more than 10 = custom offer)")
    p.add_argument("--subscriptions", type=_count, required=True, metavar="M",
                   help="number of subscriptions (prices add-ons priced per subscription)")
    p.add_argument("--addon", action="append", default=[], metavar="NAME",
                   help="an add-on code from the price list (repeatable), e.g. saldoviesti")
    p.add_argument("--json", action="store_true", help="print the lines and totals as JSON")
    p.add_argument("--lang", choices=config.LANGUAGES, default="fi",
                   help="language of descriptions and notes (default: fi)")
    p.add_argument("--price-list", metavar="PATH",
                   help="price list file (default: $REPORTING_PRICE_LIST or data/price_list.toml)")
    add_out_argument(p, flag="--html", what="also write the quote as a self-contained HTML file "
                     "(with '-' the HTML alone goes to standard output)", default_stdout=False)


def run(args: argparse.Namespace) -> int:
    try:
        price_list = load_price_list(args.price_list)
    except PriceListError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        quote = make_quote(args.users, args.subscriptions, args.addon, price_list)
    except QuoteError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 2
    lang = args.lang
    today = today_in_finland()
    number, valid_until = quote_number(quote, today=today), quote_valid_until(quote, today)
    if args.html == STDOUT and args.json:
        print("error: --html - and --json both write to standard output; choose one", file=sys.stderr)
        return 2
    if args.html:
        written = write_output(quote_html(quote, lang, today=today).encode("utf-8"), args.html, f"{number}.html")
        if written is None:
            return 0
        print(f"quote written to {written}", file=sys.stderr)
    if args.json:
        print(json.dumps({"quote_number": number, "date": today.isoformat(),
                          "valid_until": valid_until.isoformat(), **quote.to_dict(lang)},
                         ensure_ascii=False, indent=2))
        return 0
    print(t("quote.number", lang, number=number, valid_until=fmt_date(valid_until, lang)))
    for line in quote.lines:
        amount = (t("quote.custom_offer", lang) if line.amount is None else fmt_money(line.amount, lang))
        mark = " *" if line.example else ""
        print(f"{line.description(lang, price_list, quote.users)[:60]:60} "
              f"{t('quote.period.' + line.period, lang):14} {amount:>18}{mark}")
    if quote.has_examples:
        print(f"* = {t('quote.example_mark', lang)}")
    print()
    for key, totals in (("monthly", quote.monthly), ("one_off", quote.one_off),
                        ("first_year", quote.first_year)):
        net = t("quote.custom_offer", lang) if totals.net is None else fmt_money(totals.net, lang)
        gross = t("quote.custom_offer", lang) if totals.gross is None else fmt_money(totals.gross, lang)
        print(f"{t('quote.total.' + key, lang):32} {t('quote.vat_0', lang)}: {net:>14}   "
              f"{t('quote.vat_incl', lang, rate=vat_rate_text(quote, lang))}: {gross:>14}")
    print()
    for note in quote_notes(quote, lang):
        print(f"- {note}")
    return 0
