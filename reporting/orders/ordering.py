"""Orders of the reporting service: validation, storage in the state store, state changes.

An order is validated field by field (each problem gets its own message key, shown next to
its field), priced with reporting.orders.pricing, and stored in one state-store transaction together
with the main user's account (reporting.access.accounts.create_account, role main_user, the order's
organisation) and the audit rows. The operator then moves it on:
received -> in progress -> deployed (fees start), or cancelled before deployment.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
import pandas as pd

from reporting.access import accounts
from reporting.access.permissions import is_main_user_of, is_operator, may_move_orders
from reporting.access.scope import Role, User
from reporting.core import state
from reporting.core.identifiers import is_valid_org_id, is_valid_ytunnus, normalise_email, normalise_phone
from reporting.i18n import fmt_date, t
from reporting.orders.pricing import (
    REPORTING_SERVICE,
    PriceList,
    Quote,
    QuoteError,
    load_price_list,
    make_quote,
)

STATES = ("received", "in_progress", "deployed", "cancelled")
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "received": ("in_progress", "cancelled"),
    "in_progress": ("deployed", "cancelled"),
    "deployed": (),
    "cancelled": (),
}
ACTIVE_STATES = ("received", "in_progress", "deployed")
# the optimisation add-ons are one choice on the form: none, once, or once with the follow-up
OPTIMISATION_ADDONS = ("optimisation", "optimisation_follow_up")
MAX_NAME = 200
MAX_NOTES = 2000
MAX_TRAINING_DAYS_AHEAD = 366
FIELDS = ("company_name", "business_id", "main_user_name", "main_user_email", "main_user_phone",
          "users", "subscriptions", "addons", "training_date", "notes")
_HOLIDAY_LANGUAGES = {"fi": "fi", "en": "en_US"}     # our language -> the holidays library's


# ---------------------------------------------------------------- Finnish public holidays

def today_in_finland() -> dt.date:
    """The real date in Finland (the training date must be after it)."""
    return dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()


@functools.cache
def _holiday_calendar(year: int, lang: str) -> Mapping[dt.date, str]:
    calendar = holidays.Finland(years=year, language=_HOLIDAY_LANGUAGES[lang])
    if lang == "fi":      # in running text Finnish writes them in lower case: "(jouluaatto)"
        return MappingProxyType({day: name.lower() for day, name in calendar.items()})
    return MappingProxyType(dict(calendar))


def finnish_holidays(year: int, lang: str = "fi") -> Mapping[dt.date, str]:
    """Finland's public holidays of ``year`` as {date: name in ``lang``}, from the ``holidays``
    library: the church holidays, May Day, Midsummer Eve and Day, Independence Day and Christmas
    Eve (days off by law or by the collective agreements, as in the official calendar)."""
    return _holiday_calendar(year, lang if lang in _HOLIDAY_LANGUAGES else "fi")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in finnish_holidays(day.year)


def next_working_day(after: dt.date) -> dt.date:
    """The first working day strictly after ``after``."""
    day = after + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


# ---------------------------------------------------------------- validation

@dataclass(frozen=True)
class Problem:
    """One invalid field: the i18n key of its message and the message's values."""
    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t(self.key, lang, **{k: (v.get(lang, v.get("fi")) if isinstance(v, dict) else v)
                                    for k, v in self.values.items()})


class OrderInvalid(ValueError):
    def __init__(self, problems: Mapping[str, Problem]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {p.message('en')}" for k, p in self.problems.items()))


@dataclass(frozen=True)
class OrderForm:
    """What the form holds, as typed."""
    company_name: str = ""
    business_id: str = ""
    main_user_name: str = ""
    main_user_email: str = ""
    main_user_phone: str = ""
    users: int = 1
    subscriptions: int = 0
    addons: tuple[str, ...] = ()
    training_date: dt.date | str | None = None   # a date, or the text typed (pp.kk.vvvv)
    notes: str = ""


@dataclass(frozen=True)
class ValidOrder:
    company_name: str
    business_id: str
    main_user_name: str
    main_user_email: str
    main_user_phone: str      # E.164
    users: int
    subscriptions: int
    addons: tuple[str, ...]
    training_date: dt.date
    notes: str
    org_id: str
    quote: Quote


def derive_org_id(business_id: str) -> str:
    """The organisation id of a business ID with no organisation yet: stable, readable, and
    within the one organisation-id rule (reporting.core.identifiers.is_valid_org_id)."""
    org_id = "yt-" + business_id.strip()
    if not is_valid_org_id(org_id):
        raise ValueError(f"{business_id!r} gives no valid organisation id")
    return org_id


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_form_date(value: object) -> dt.date | None:
    """A date as typed in the form: ``pp.kk.vvvv`` (31.12.2026, also 1.2.2027) or ISO
    ``2026-12-31``; a date object as is; None for an empty field. Raises ValueError for
    anything else, or for a day that does not exist (31.2.2027)."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    if m := _FINNISH_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


def validate_training_date(value: dt.date | str | None, today: dt.date) -> Problem | None:
    try:
        value = parse_form_date(value)
    except ValueError:
        return Problem("order.error.training_date_format")
    if value is None:
        return Problem("order.error.training_date_required")
    if isinstance(value, dt.datetime):
        value = value.date()
    if value <= today:
        return Problem("order.error.training_date_past",
                       {"first": _dates(next_working_day(today))})
    if value > today + dt.timedelta(days=MAX_TRAINING_DAYS_AHEAD):
        return Problem("order.error.training_date_too_far",
                       {"last": _dates(today + dt.timedelta(days=MAX_TRAINING_DAYS_AHEAD))})
    if value.weekday() >= 5:
        return Problem("order.error.training_date_weekend", {"date": _dates(value)})
    if value in finnish_holidays(value.year):
        return Problem("order.error.training_date_holiday",
                       {"date": _dates(value),
                        "holiday": {lang: finnish_holidays(value.year, lang)[value] for lang in ("fi", "en")}})
    return None


def _dates(day: dt.date) -> dict[str, str]:
    return {lang: fmt_date(day, lang) for lang in ("fi", "en")}


def resolve_org(business_id: str, orderer: User, known_orgs: Mapping[str, str],
                own_business_id: str | None) -> tuple[str | None, Problem | None]:
    """The organisation an order is for. ``known_orgs`` maps business IDs to existing org ids
    (analytical data and earlier orders). A main user orders for their own organisation only."""
    if is_operator(orderer):
        return known_orgs.get(business_id) or derive_org_id(business_id), None
    if is_main_user_of(orderer, orderer.org_id):
        if own_business_id and own_business_id != business_id:
            return None, Problem("order.error.business_id_not_own", {"own": own_business_id})
        other = known_orgs.get(business_id)
        if other and other != orderer.org_id:
            return None, Problem("order.error.business_id_not_own", {"own": own_business_id or "–"})
        return orderer.org_id, None
    return None, Problem("order.error.not_allowed")


def validate(form: OrderForm, *, orderer: User, today: dt.date, price_list: PriceList | None = None,
             known_orgs: Mapping[str, str] | None = None, own_business_id: str | None = None,
             existing_services: Iterable[str] | None = None, customers: Iterable[str] = (),
             path: Path | None = None) -> ValidOrder:
    """The cleaned order, or OrderInvalid with one Problem per invalid field. ``customers``:
    organisations that have the reporting service already (no set-up fee; see
    ``organisation_services``)."""
    pl = price_list or load_price_list()
    problems: dict[str, Problem] = {}

    company = _text(form.company_name)
    if not company:
        problems["company_name"] = Problem("order.error.company_name_required")
    elif len(company) > MAX_NAME:
        problems["company_name"] = Problem("order.error.company_name_too_long", {"max": MAX_NAME})

    business_id = str(form.business_id or "").strip()
    if not business_id:
        problems["business_id"] = Problem("order.error.business_id_required")
    elif not re.fullmatch(r"\d{7}-\d", business_id):
        problems["business_id"] = Problem("order.error.business_id_format")
    elif not is_valid_ytunnus(business_id):
        problems["business_id"] = Problem("order.error.business_id_check")

    name = _text(form.main_user_name)
    if not name:
        problems["main_user_name"] = Problem("order.error.main_user_name_required")
    elif len(name) > MAX_NAME:
        problems["main_user_name"] = Problem("order.error.main_user_name_too_long", {"max": MAX_NAME})

    email_raw = str(form.main_user_email or "").strip()
    email = normalise_email(email_raw)
    if not email_raw:
        problems["main_user_email"] = Problem("order.error.main_user_email_required")
    elif email is None:
        problems["main_user_email"] = Problem("order.error.main_user_email_invalid")

    phone_raw = str(form.main_user_phone or "").strip()
    phone = normalise_phone(phone_raw) if phone_raw else None
    if not phone_raw:
        problems["main_user_phone"] = Problem("order.error.main_user_phone_required")
    elif phone is None:
        problems["main_user_phone"] = Problem("order.error.main_user_phone_invalid")

    date_problem = validate_training_date(form.training_date, today)
    if date_problem:
        problems["training_date"] = date_problem

    notes = str(form.notes or "").strip()
    if len(notes) > MAX_NOTES:
        problems["notes"] = Problem("order.error.notes_too_long", {"max": MAX_NOTES})

    org_id = None
    if "business_id" not in problems:
        org_id, org_problem = resolve_org(business_id, orderer, known_orgs or {}, own_business_id)
        if org_problem:
            problems["business_id"] = org_problem

    existing = set(existing_services or ())
    if org_id and existing_services is None:
        existing = organisation_services(org_id, customers=customers, path=path)
    quote = None
    try:
        quote = make_quote(form.users, form.subscriptions, form.addons, pl, existing=existing)
    except QuoteError as exc:
        problems[exc.field] = Problem(exc.code, exc.values)

    if problems or quote is None or org_id is None:
        raise OrderInvalid(problems)
    return ValidOrder(company, business_id, name, email, phone, quote.users, quote.subscriptions,
                      quote.addons, parse_form_date(form.training_date), notes, org_id, quote)


# ---------------------------------------------------------------- storage

@dataclass(frozen=True)
class OrderResult:
    order_id: str
    org_id: str
    main_user_id: str | None          # None: a demo persona's order for its own organisation
    account_created: bool
    order: ValidOrder


def services_of(org_id: str, path: Path | None = None) -> set[str]:
    """What the organisation has already ordered (not cancelled): add-on codes and
    ``reporting_service`` when an order had users. Used for add-on dependencies."""
    with state.connect(path) as con:
        rows = con.execute(state.sql("orders/orders_of_org_in_states"),
                           {"org_id": org_id, "states": json.dumps(ACTIVE_STATES)}).fetchall()
    have: set[str] = set()
    for row in rows:
        have.update(json.loads(row["addons"]))
        if row["users"] > 0:
            have.add("reporting_service")
    return have


def ordered_orgs(path: Path | None = None) -> dict[str, str]:
    """Business ID -> org id of every earlier order (so a repeat order lands in the same org)."""
    with state.connect(path) as con:
        rows = con.execute(state.sql("orders/order_business_ids")).fetchall()
    return {r["business_id"]: r["org_id"] for r in rows}


@dataclass(frozen=True)
class KnownOrganisations:
    """Organisations the order form knows: business ID -> org id, and org id -> (name, business
    ID); ``customers``: the org ids of the analytical data, whose organisations use the
    reporting service already."""
    by_business_id: Mapping[str, str]
    by_org_id: Mapping[str, tuple[str, str]]
    customers: frozenset[str] = frozenset()


def known_organisations(db, path: Path | None = None) -> KnownOrganisations:
    """Organisations of the analytical data (``db``: reporting.core.db.Database) and of earlier
    orders; the analytical data wins when both know a business ID."""
    by_bid: dict[str, str] = {}
    by_org: dict[str, tuple[str, str]] = {}
    customers: set[str] = set()
    with state.connect(path) as con:
        for r in con.execute(state.sql("orders/ordered_organisations")):
            by_bid[r["business_id"]] = r["org_id"]
            by_org[r["org_id"]] = (r["company_name"], r["business_id"])
    if db is not None:
        for r in db.named("orders/order_organisations").itertuples():
            by_bid[r.business_id] = r.org_id
            by_org[r.org_id] = (r.name, r.business_id)
            customers.add(r.org_id)
    return KnownOrganisations(by_bid, by_org, frozenset(customers))


def own_organisation(orderer: User, known: KnownOrganisations) -> tuple[str | None, str | None]:
    """(name, business ID) of the orderer's own organisation, when it is known."""
    return known.by_org_id.get(orderer.org_id or "", (None, None))


def own_business_id(orderer: User, known: KnownOrganisations) -> str | None:
    """The business ID a main user's order must carry (their own organisation's); None for the
    operator, who orders on anyone's behalf."""
    return own_organisation(orderer, known)[1] if orderer.role is Role.MAIN_USER else None


def organisation_services(org_id: str, *, customers: Iterable[str] = (),
                          path: Path | None = None) -> set[str]:
    """What an organisation already has: its earlier orders' services (``services_of``), and
    the reporting service itself when it is a customer already (``customers``: the
    organisations of the analytical data, or the orderer's own when a main user orders).
    The quote charges no set-up fee to an organisation that has the reporting service."""
    have = services_of(org_id, path)
    if org_id in set(customers):
        have.add(REPORTING_SERVICE)
    return have


def _customers(orderer: User, known: KnownOrganisations) -> set[str]:
    """Organisations that use the reporting service already, as far as this order can tell:
    the analytical data's, and a main user's own (they are signed in to it)."""
    own = {orderer.org_id} if orderer.role is Role.MAIN_USER and orderer.org_id else set()
    return set(known.customers) | own


def existing_services_for(orderer: User, business_id: str, known: KnownOrganisations,
                          path: Path | None = None) -> set[str]:
    """What the ordering organisation already has, so a live quote applies the add-on
    dependencies and the set-up fee as the order will: a main user's own organisation; for
    the operator the organisation of the business ID typed, if known."""
    customers = _customers(orderer, known)
    if orderer.role is Role.MAIN_USER:
        return organisation_services(orderer.org_id, customers=customers, path=path) if orderer.org_id else set()
    org_id = known.by_business_id.get(business_id.strip())
    return organisation_services(org_id, customers=customers, path=path) if org_id else set()


def optimisation_choices(price_list: PriceList) -> list[str]:
    """The form's optimisation options the price list offers (none when it has no optimisation)."""
    if "optimisation" not in price_list.addons:
        return []
    return ["none", "once"] + (["follow_up"] if "optimisation_follow_up" in price_list.addons else [])


def form_addons(price_list: PriceList, checked: Iterable[str], optimisation: str = "none") -> tuple[str, ...]:
    """The add-on codes an order form means: the checked ones (in price-list order) and the
    optimisation choice (the follow-up includes the one-off optimisation)."""
    wanted = set(checked)
    addons = [code for code in price_list.addons if code not in OPTIMISATION_ADDONS and code in wanted]
    if optimisation in ("once", "follow_up") and "optimisation" in price_list.addons:
        addons.append("optimisation")
    if optimisation == "follow_up" and "optimisation_follow_up" in price_list.addons:
        addons.append("optimisation_follow_up")
    return tuple(addons)


def new_order_id(today: dt.date) -> str:
    return f"ORD-{today:%Y%m%d}-{secrets.token_hex(3).upper()}"


def submit_order(form: OrderForm, *, orderer: User, today: dt.date | None = None,
                 price_list: PriceList | None = None, known_orgs: Mapping[str, str] | None = None,
                 own_business_id: str | None = None, lang: str = "fi",
                 customers: Iterable[str] = (), path: Path | None = None) -> OrderResult:
    """Validate and store an order with its main user's account, in one transaction.

    ``known_orgs``: business ID -> org id of organisations in the analytical data. Raises
    OrderInvalid (nothing written) when a field is invalid or the e-mail address belongs to
    an account that is not this organisation's main user.

    A main user ordering for their own organisation is its main user already: the order is
    linked to their account (or to the account of another main user of the organisation whose
    e-mail address the form gives) and no account is created. ``customers``: organisations
    that have the reporting service already (the analytical data's); a main user's own is
    one too, so neither is charged the set-up fee again."""
    today = today or today_in_finland()
    orgs = {**ordered_orgs(path), **(known_orgs or {})}
    own = {orderer.org_id} if orderer.role is Role.MAIN_USER and orderer.org_id else set()
    order = validate(form, orderer=orderer, today=today, price_list=price_list, known_orgs=orgs,
                     own_business_id=own_business_id, customers=set(customers) | own, path=path)
    order_id = new_order_id(today)
    quote = order.quote
    with state.transaction(path) as con:
        existing = con.execute(state.sql("access/account_by_email"),
                               {"email": order.main_user_email}).fetchone()
        if existing is not None:
            if existing["role"] != Role.MAIN_USER.value or existing["org_id"] != order.org_id:
                raise OrderInvalid({"main_user_email": Problem("order.error.main_user_email_taken")})
            main_user_id, created = existing["user_id"], False
        elif orderer.role is Role.MAIN_USER:
            # the orderer is the organisation's main user: linked; a demo persona has no
            # account in the store, so its own order has no main_user_id
            main_user_id = None if orderer.is_demo else orderer.user_id
            created = False
        else:
            try:
                account = accounts.create_account(
                    email=order.main_user_email, name=order.main_user_name, role=Role.MAIN_USER,
                    org_id=order.org_id, created_by=orderer.user_id, con=con)
            except accounts.AccountError:
                raise OrderInvalid({"main_user_email": Problem("order.error.main_user_email_taken")}) from None
            main_user_id, created = account.user_id, True
        con.execute(state.sql("orders/order_insert"), {
            "order_id": order_id, "created_by": orderer.user_id, "org_id": order.org_id,
            "company_name": order.company_name, "business_id": order.business_id,
            "main_user_name": order.main_user_name, "main_user_email": order.main_user_email,
            "main_user_phone": order.main_user_phone, "main_user_id": main_user_id,
            "main_user_created": int(created), "users": order.users,
            "subscriptions": order.subscriptions, "addons": json.dumps(list(order.addons)),
            "training_date": order.training_date.isoformat(), "notes": order.notes, "lang": lang,
            "quote": json.dumps(quote.to_dict(lang), ensure_ascii=False),
            "monthly_vat0": None if quote.monthly.net is None else str(quote.monthly.net),
            "one_off_vat0": str(quote.one_off.net), "custom_offer": int(quote.custom_offer)})
        con.execute(state.sql("orders/order_event_insert"),
                    {"order_id": order_id, "actor": orderer.user_id, "from_state": None,
                     "to_state": "received", "note": ""})
        accounts.audit(con, actor=orderer.user_id, action="order_received", org_id=order.org_id,
                       target=order_id, details={"main_user_id": main_user_id,
                                                 "account_created": created})
    return OrderResult(order_id, order.org_id, main_user_id, created, order)


class OrderStateError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(t(key, "en", **values))

    def message(self, lang: str) -> str:
        values = {k: (t(f"order_state.{v}", lang) if k.endswith("state") else v)
                  for k, v in self.values.items()}
        return t(self.key, lang, **values)


def advance(order_id: str, to_state: str, *, actor: User, expected_state: str | None = None,
            note: str = "", path: Path | None = None) -> str:
    """Move an order to ``to_state`` (operator only); ``expected_state`` guards against a
    change made meanwhile by someone else. Returns the new state."""
    if not may_move_orders(actor):
        raise PermissionError("only the operator moves orders on")
    with state.transaction(path) as con:
        row = con.execute(state.sql("orders/order_state"), {"order_id": order_id}).fetchone()
        if row is None:
            raise OrderStateError("orders.error.missing", order_id=order_id)
        current = row["state"]
        if expected_state is not None and current != expected_state:
            raise OrderStateError("orders.error.changed")
        if to_state not in TRANSITIONS.get(current, ()):
            raise OrderStateError("orders.error.transition", from_state=current, to_state=to_state)
        con.execute(state.sql("orders/order_set_state"), {"order_id": order_id, "to_state": to_state})
        con.execute(state.sql("orders/order_event_insert"),
                    {"order_id": order_id, "actor": actor.user_id, "from_state": current,
                     "to_state": to_state, "note": note.strip()})
        accounts.audit(con, actor=actor.user_id, action="order_state", org_id=row["org_id"],
                       target=order_id, details={"from": current, "to": to_state})
    return to_state


def _local_time(series: pd.Series) -> pd.Series:
    """SQLite CURRENT_TIMESTAMP (UTC text) as Finnish wall-clock time."""
    return (pd.to_datetime(series, utc=True).dt.tz_convert("Europe/Helsinki").dt.tz_localize(None)
            .astype("datetime64[us]"))


def list_orders(path: Path | None = None, states: Iterable[str] | None = None) -> pd.DataFrame:
    """Every order (newest first) with the admin page's canonical columns; ``states``: only
    orders in those states (None: all, nothing chosen: none)."""
    wanted = set(STATES if states is None else states)
    with state.connect(path) as con:
        rows = con.execute(state.sql("orders/orders_list")).fetchall()
    rows = [r for r in rows if r["state"] in wanted]
    columns = ["order_id", "order_created_at", "order_company", "order_business_id", "org_id",
               "order_main_user", "order_email", "order_phone", "order_users", "order_subscriptions",
               "order_addons", "order_training_date", "order_monthly", "order_one_off", "order_state",
               "order_state_changed_at", "order_notes", "order_created_by"]
    df = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    if len(df):
        df["order_created_at"] = _local_time(df["order_created_at"])
        df["order_state_changed_at"] = _local_time(df["order_state_changed_at"])
        df["order_training_date"] = pd.to_datetime(df["order_training_date"])
        df["order_addons"] = df["order_addons"].map(lambda s: ", ".join(json.loads(s)))
        df["order_monthly"] = pd.to_numeric(df["order_monthly"])
        df["order_one_off"] = pd.to_numeric(df["order_one_off"])
    return df


def order_events(order_id: str, path: Path | None = None) -> pd.DataFrame:
    with state.connect(path) as con:
        rows = con.execute(state.sql("orders/order_events_of"), {"order_id": order_id}).fetchall()
    df = pd.DataFrame([tuple(r) for r in rows], columns=["order_event_at", "order_event_actor",
                                                         "order_event_from", "order_event_to",
                                                         "order_event_note"])
    if len(df):
        df["order_event_at"] = _local_time(df["order_event_at"])
    return df


def get_order(order_id: str, path: Path | None = None) -> dict | None:
    with state.connect(path) as con:
        row = con.execute(state.sql("orders/order_by_id"), {"order_id": order_id}).fetchone()
    return dict(row) if row else None


def state_counts(orders: pd.DataFrame) -> dict[str, int]:
    """How many of ``list_orders`` rows are in each state, every state listed."""
    counts = orders["order_state"].value_counts() if len(orders) else {}
    return {s: int(counts.get(s, 0)) for s in STATES}


QUOTE_TOTALS = ("monthly", "one_off", "first_year")


@dataclass(frozen=True)
class OrderDetails:
    """One stored order as the operator's page shows it."""
    order_id: str
    state: str
    company_name: str
    business_id: str
    training_date: dt.date
    users: int
    subscriptions: int
    vat_percent: Decimal
    totals: tuple[tuple[str, str | None, str | None], ...]   # (total, VAT 0 %, VAT incl.); None = custom offer
    next_states: tuple[str, ...]


def order_details(order_id: str, path: Path | None = None) -> OrderDetails | None:
    order = get_order(order_id, path)
    if order is None:
        return None
    quote = json.loads(order["quote"])
    totals = quote["totals"]
    return OrderDetails(
        order_id=order_id, state=order["state"], company_name=order["company_name"],
        business_id=order["business_id"], training_date=dt.date.fromisoformat(order["training_date"]),
        users=quote["users"], subscriptions=quote["subscriptions"], vat_percent=Decimal(quote["vat_percent"]),
        totals=tuple((k, totals[k]["vat_0"], totals[k]["vat_included"]) for k in QUOTE_TOTALS),
        next_states=TRANSITIONS[order["state"]])
