"""The reporting service's price rules and the quote they give.

Prices come from the operator's price list (data/price_list.toml, or $REPORTING_PRICE_LIST);
no price is written in code. The rules applied here:

* the reporting service is ordered when the quote has at least one user: its monthly fee is
  the price list's user tier (1 -> 80, 2-5 -> 150, 6-10 -> 200 EUR) and it has a one-off
  set-up fee (200 EUR, remote training included);
* more users than the last tier: no list price, the quote says a custom offer follows and its
  monthly and first-year totals are left open (None), never invented;
* add-ons are priced per subscription and/or as flat fees from the price list; an add-on's
  ``requires`` must be ordered too (the optimisation report requires the reporting service);
* totals with VAT 0 % and with VAT (25.5 %): Decimal arithmetic, rounded to cents half up.

Every line and total is a Decimal; formatting (fmt_money) is the caller's business.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reporting.core import config
from reporting.i18n import has_string, t

CENTS = Decimal("0.01")
REPORTING_SERVICE = "reporting_service"
MONTHS_PER_YEAR = 12
MAX_USERS = 100_000
MAX_SUBSCRIPTIONS = 1_000_000
_PRICE_FIELDS = ("monthly_per_subscription", "one_off_per_subscription", "monthly_fee", "one_off_fee")


class PriceListError(ValueError):
    """The price list file is missing or malformed (the message names the file and key)."""


class QuoteError(ValueError):
    """A quote that cannot be given; ``code`` is the i18n key of the message, ``field`` the
    input it concerns, ``values`` the message's placeholders."""

    def __init__(self, code: str, field: str, /, **values: Any) -> None:
        self.code, self.field, self.values = code, field, values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The message in ``lang``; a value given as {"fi": ..., "en": ...} is picked per language."""
        return t(self.code, lang, **{k: v.get(lang, v.get("fi")) if isinstance(v, dict) else v
                                     for k, v in self.values.items()})


def price_list_path() -> Path:
    env = os.environ.get("REPORTING_PRICE_LIST")
    return Path(env) if env else config.DATA_DIR / "price_list.toml"


@dataclass(frozen=True)
class UserTier:
    max_users: int
    monthly_fee: Decimal


@dataclass(frozen=True)
class Addon:
    code: str
    monthly_per_subscription: Decimal = Decimal(0)
    one_off_per_subscription: Decimal = Decimal(0)
    monthly_fee: Decimal = Decimal(0)
    one_off_fee: Decimal = Decimal(0)
    included: bool = False
    requires: tuple[str, ...] = ()
    example: bool = False
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        key = f"addon.{self.code}"
        if has_string(key):
            return t(key, lang)
        return self.names.get(lang) or self.names.get("fi") or self.code


@dataclass(frozen=True)
class PriceList:
    version: str
    currency: str
    vat_rate: Decimal                 # 0.255 for 25.5 %
    setup_fee: Decimal
    manual_credential_change: Decimal
    user_tiers: tuple[UserTier, ...]  # ascending max_users
    addons: Mapping[str, Addon]       # in the file's order
    user_guide_url: str
    source: str = ""
    quote_valid_days: int = 30        # a quote is valid this many days from its date

    @property
    def max_list_users(self) -> int:
        return self.user_tiers[-1].max_users

    def monthly_fee_for(self, users: int) -> Decimal | None:
        """The monthly fee for ``users`` users: 0 for none, None above the last tier."""
        if users < 0:
            raise ValueError("users must not be negative")
        if users == 0:
            return Decimal(0)
        for tier in self.user_tiers:
            if users <= tier.max_users:
                return tier.monthly_fee
        return None


def _price(raw: Any, where: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise PriceListError(f"{where}: expected a price such as \"12.50\", got {raw!r}") from None
    if isinstance(raw, bool) or not value.is_finite() or value < 0:
        raise PriceListError(f"{where}: expected a non-negative price, got {raw!r}")
    return value


def _days(raw: Any, where: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 365:
        raise PriceListError(f"{where}: expected a whole number of days from 1 to 365, got {raw!r}")
    return raw


def parse_price_list(data: Mapping[str, Any], source: str = "price list") -> PriceList:
    """A PriceList from parsed TOML; every problem is reported with the file and key."""
    def section(name: str) -> Mapping[str, Any]:
        value = data.get(name)
        if not isinstance(value, Mapping):
            raise PriceListError(f"{source}: the [{name}] section is missing")
        return value

    head, service = section("price_list"), section("reporting_service")
    vat = _price(head.get("vat_percent"), f"{source}: price_list.vat_percent") / 100
    for key in ("setup_fee", "manual_credential_change"):
        if key not in service:
            raise PriceListError(f"{source}: reporting_service.{key} is missing")
    tiers_raw = service.get("user_tiers")
    if not isinstance(tiers_raw, list) or not tiers_raw:
        raise PriceListError(f"{source}: reporting_service.user_tiers needs at least one tier")
    tiers: list[UserTier] = []
    for i, tier in enumerate(tiers_raw, start=1):
        where = f"{source}: reporting_service.user_tiers #{i}"
        max_users = tier.get("max_users") if isinstance(tier, Mapping) else None
        if not isinstance(max_users, int) or isinstance(max_users, bool) or max_users < 1:
            raise PriceListError(f"{where}: max_users must be a positive whole number")
        if tiers and max_users <= tiers[-1].max_users:
            raise PriceListError(f"{where}: max_users must grow from tier to tier")
        tiers.append(UserTier(max_users, _price(tier.get("monthly_fee"), f"{where}.monthly_fee")))

    addons: dict[str, Addon] = {}
    for code, spec in (data.get("addons") or {}).items():
        where = f"{source}: addons.{code}"
        if not isinstance(spec, Mapping):
            raise PriceListError(f"{where}: expected a table")
        unknown = set(spec) - {*_PRICE_FIELDS, "included", "requires", "example", "name_fi", "name_en"}
        if unknown:
            raise PriceListError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        requires = spec.get("requires", [])
        if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
            raise PriceListError(f"{where}.requires: expected a list of add-on codes")
        names = {lang: spec[f"name_{lang}"] for lang in ("fi", "en") if f"name_{lang}" in spec}
        addons[code] = Addon(
            code=code,
            **{k: _price(spec[k], f"{where}.{k}") for k in _PRICE_FIELDS if k in spec},
            included=bool(spec.get("included", False)),
            requires=tuple(requires),
            example=bool(spec.get("example", False)),
            names=names,
        )
    for addon in addons.values():
        for req in addon.requires:
            if req != REPORTING_SERVICE and req not in addons:
                raise PriceListError(f"{source}: addons.{addon.code}.requires: unknown add-on {req!r}")
    return PriceList(
        version=str(head.get("version", "")),
        currency=str(head.get("currency", "EUR")),
        vat_rate=vat,
        setup_fee=_price(service["setup_fee"], f"{source}: reporting_service.setup_fee"),
        manual_credential_change=_price(service["manual_credential_change"],
                                        f"{source}: reporting_service.manual_credential_change"),
        user_tiers=tuple(tiers),
        addons=addons,
        user_guide_url=str(head.get("user_guide_url", "")),
        source=source,
        quote_valid_days=_days(head.get("quote_valid_days", 30), f"{source}: price_list.quote_valid_days"),
    )


def load_price_list(path: Path | str | None = None) -> PriceList:
    """Read the price list (re-read at every call: the operator may edit it at any time)."""
    path = Path(path) if path else price_list_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PriceListError(f"The price list {path} does not exist.") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PriceListError(f"{path}: not valid TOML: {exc}") from None
    return parse_price_list(data, str(path))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuoteLine:
    code: str                    # reporting_service, setup_fee, <addon>, <addon>:one_off
    period: str                  # "monthly" or "one_off"
    quantity: int
    unit: str                    # "users", "subscriptions" or "each"
    unit_price: Decimal | None   # None: custom offer
    amount: Decimal | None       # VAT 0 %, cents; None: custom offer
    example: bool = False
    included: bool = False

    def description(self, lang: str, price_list: PriceList, users: int = 0) -> str:
        base = self.code.split(":")[0]
        if base in price_list.addons:
            return price_list.addons[base].name(lang)
        return t(f"quote.line.{base}", lang, users=users)


@dataclass(frozen=True)
class Totals:
    net: Decimal | None          # VAT 0 %
    gross: Decimal | None        # VAT included


@dataclass(frozen=True)
class Quote:
    users: int
    subscriptions: int
    addons: tuple[str, ...]
    lines: tuple[QuoteLine, ...]
    monthly: Totals
    one_off: Totals
    first_year: Totals
    custom_offer: bool
    has_examples: bool
    price_list: PriceList
    # the organisation already has the reporting service: no set-up fee (the price rule:
    # the set-up fee, which includes the training, is charged once, to a new customer)
    existing_customer: bool = False

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain JSON-able data: amounts as strings with two decimals (exact)."""
        def money(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        def totals(tot: Totals) -> dict[str, str | None]:
            return {"vat_0": money(tot.net), "vat_included": money(tot.gross)}

        pl = self.price_list
        return {
            "price_list_version": pl.version,
            "currency": pl.currency,
            "vat_percent": str((pl.vat_rate * 100).normalize()),
            "users": self.users,
            "subscriptions": self.subscriptions,
            "addons": list(self.addons),
            "custom_offer": self.custom_offer,
            "existing_customer": self.existing_customer,
            "lines": [
                {"code": ln.code, "description": ln.description(lang, pl, self.users), "period": ln.period,
                 "quantity": ln.quantity, "unit": ln.unit, "unit_price": money(ln.unit_price),
                 "amount": money(ln.amount), "example_price": ln.example, "included": ln.included}
                for ln in self.lines
            ],
            "totals": {"monthly": totals(self.monthly), "one_off": totals(self.one_off),
                       "first_year": totals(self.first_year)},
            "notes": quote_notes(self, lang),
        }


def quote_notes(quote: Quote, lang: str) -> list[str]:
    """Price notes shown with every quote (manual credential changes, custom offer, examples)."""
    from reporting.i18n import fmt_money

    pl = quote.price_list
    notes = [t("quote.note.vat_0", lang)]
    if quote.custom_offer:
        notes.append(t("quote.note.custom_offer", lang, max_users=pl.max_list_users))
    if quote.users:
        notes.append(t("quote.note.credential_change", lang,
                       price=fmt_money(pl.manual_credential_change, lang)))
        notes.append(t("quote.note.no_setup_fee" if quote.existing_customer else "quote.note.setup_training",
                       lang))
    notes.append(t("quote.note.fees_start", lang))
    if quote.has_examples:
        notes.append(t("quote.note.examples", lang))
    return notes


def _check_count(value: Any, field_name: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuoteError("quote.error.not_whole_number", field_name)
    if value < 0:
        raise QuoteError("quote.error.negative", field_name)
    if value > maximum:
        raise QuoteError("quote.error.too_many", field_name, maximum=maximum)
    return value


def check_dependencies(users: int, addons: Iterable[str], price_list: PriceList,
                       existing: Iterable[str] = ()) -> None:
    """Raise QuoteError for an unknown add-on or one whose requirement is not ordered.
    ``existing``: services the organisation already has (e.g. ``reporting_service``)."""
    chosen = set(addons)
    have = set(existing) | chosen | ({REPORTING_SERVICE} if users > 0 else set())
    for code in addons:
        addon = price_list.addons.get(code)
        if addon is None:
            raise QuoteError("quote.error.unknown_addon", "addons", code=code,
                             known=", ".join(price_list.addons))
        for req in addon.requires:
            if req not in have:
                def name(code: str, lang: str) -> str:
                    return (t("quote.service.reporting_service", lang) if code == REPORTING_SERVICE
                            else price_list.addons[code].name(lang))
                raise QuoteError("quote.error.requires", "addons",
                                 addon={lang: addon.name(lang) for lang in config.LANGUAGES},
                                 requirement={lang: name(req, lang) for lang in config.LANGUAGES})


def make_quote(users: int, subscriptions: int, addons: Iterable[str] = (),
               price_list: PriceList | None = None, existing: Iterable[str] = ()) -> Quote:
    """The quote for ``users`` reporting-service users, ``subscriptions`` subscriptions and
    the chosen add-on codes (order kept as in the price list, duplicates dropped).
    ``existing``: what the organisation already has; with ``reporting_service`` among it the
    organisation is a customer already and the set-up fee is not charged again."""
    pl = price_list or load_price_list()
    users = _check_count(users, "users", MAX_USERS)
    subscriptions = _check_count(subscriptions, "subscriptions", MAX_SUBSCRIPTIONS)
    wanted = list(dict.fromkeys(addons))
    check_dependencies(users, wanted, pl, existing)
    chosen = tuple(code for code in pl.addons if code in wanted)
    if users == 0 and not chosen:
        raise QuoteError("quote.error.nothing_ordered", "users")

    lines: list[QuoteLine] = []
    custom = False
    existing_customer = REPORTING_SERVICE in set(existing)
    if users:
        fee = pl.monthly_fee_for(users)
        custom = fee is None
        lines.append(QuoteLine(REPORTING_SERVICE, "monthly", 1, "each", fee,
                               None if fee is None else cents(fee)))
        if not existing_customer:
            lines.append(QuoteLine("setup_fee", "one_off", 1, "each", pl.setup_fee, cents(pl.setup_fee)))
    for code in chosen:
        a = pl.addons[code]
        if a.included:
            lines.append(QuoteLine(code, "monthly", 1, "each", Decimal("0.00"), Decimal("0.00"),
                                   example=a.example, included=True))
            continue
        priced = False
        for period, per_sub, flat in (("monthly", a.monthly_per_subscription, a.monthly_fee),
                                      ("one_off", a.one_off_per_subscription, a.one_off_fee)):
            suffix = "" if period == "monthly" or not (a.monthly_per_subscription or a.monthly_fee) \
                else ":one_off"
            if per_sub:
                lines.append(QuoteLine(code + suffix, period, subscriptions, "subscriptions", per_sub,
                                       cents(per_sub * subscriptions), example=a.example))
                priced = True
            if flat:
                lines.append(QuoteLine(code + suffix + (":fee" if per_sub else ""), period, 1, "each",
                                       flat, cents(flat), example=a.example))
                priced = True
        if not priced:  # an add-on priced at zero still appears on the quote
            lines.append(QuoteLine(code, "monthly", 1, "each", Decimal("0.00"), Decimal("0.00"),
                                   example=a.example))

    def total(period: str) -> Decimal | None:
        amounts = [ln.amount for ln in lines if ln.period == period]
        if any(a is None for a in amounts):
            return None
        return cents(sum(amounts, Decimal(0)))

    def with_vat(net: Decimal | None) -> Totals:
        return Totals(net, None if net is None else cents(net * (1 + pl.vat_rate)))

    monthly, one_off = total("monthly"), total("one_off")
    first_year = None if monthly is None or one_off is None else one_off + MONTHS_PER_YEAR * monthly
    return Quote(
        users=users, subscriptions=subscriptions, addons=chosen, lines=tuple(lines),
        monthly=with_vat(monthly), one_off=with_vat(one_off), first_year=with_vat(first_year),
        custom_offer=custom, has_examples=any(ln.example for ln in lines), price_list=pl,
        existing_customer=existing_customer,
    )
