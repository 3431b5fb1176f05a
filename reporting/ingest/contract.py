"""The data contract: file kinds, their canonical columns, types, Finnish aliases and value
vocabularies. docs/data-contract.md documents the same tables for people; a test checks the two
agree on every header.

Headers match case-insensitively with surrounding spaces ignored (and inner runs of spaces
collapsed). Values of closed vocabularies accept the canonical English value and the Finnish
words listed here, also case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reporting.costs.categories import CHARGE_CATEGORIES as CATEGORY_CODES

# column types understood by the converter (reporting/ingest/rules.py)
TEXT, INT, DECIMAL, DATE, MONTH, TIMESTAMP, ENUM, PHONE, COUNTRY, COUNTRY_OPT, IMEI = (
    "text", "int", "decimal", "date", "month", "timestamp", "enum", "phone", "country", "country_opt",
    "imei")

SERVICE_TYPES = {
    "mobile_voice": "mobile_voice", "puhe": "mobile_voice", "matkapuhelin": "mobile_voice",
    "mobile_broadband": "mobile_broadband", "mobiililaajakaista": "mobile_broadband",
    "m2m": "m2m",
    "fixed_voice": "fixed_voice", "kiinteä": "fixed_voice", "kiintea": "fixed_voice",
    "kiinteä puhe": "fixed_voice",
    "other": "other", "muu": "other",
}
CHARGE_CATEGORIES = {
    **{code: code for code in CATEGORY_CODES},
    "kuukausimaksu": "monthly_fee",
    "käyttö": "usage", "kaytto": "usage",
    "verkkovierailu": "roaming",
    "kertamaksu": "one_time",
    "alennus": "discount",
    "palvelu": "service",
}
USAGE_TYPES = {
    "voice_min": "voice_min", "puhe (min)": "voice_min", "puhe": "voice_min",
    "sms": "sms", "tekstiviesti": "sms",
    "mms": "mms", "multimediaviesti": "mms",
    "data_mb": "data_mb", "data (mt)": "data_mb", "data": "data_mb",
}
SERVICE_STATUSES = {
    "operational": "operational", "toiminnassa": "operational",
    "degraded": "degraded", "heikentynyt": "degraded",
    "partial_outage": "partial_outage", "osittainen katko": "partial_outage",
    "major_outage": "major_outage", "laaja katko": "major_outage",
    "maintenance": "maintenance", "huolto": "maintenance",
}
TICKET_PRIORITIES = {"p1": "P1", "p2": "P2", "p3": "P3", "p4": "P4",
                     "1": "P1", "2": "P2", "3": "P3", "4": "P4"}
TICKET_STATUSES = {
    "open": "open", "avoin": "open",
    "in_progress": "in_progress", "työn alla": "in_progress", "tyon alla": "in_progress",
    "resolved": "resolved", "ratkaistu": "resolved",
    "closed": "closed", "suljettu": "closed",
}
DEVICE_TYPES = {
    "phone": "phone", "puhelin": "phone", "matkapuhelin": "phone", "älypuhelin": "phone",
    "laptop": "laptop", "kannettava": "laptop", "kannettava tietokone": "laptop",
    "tablet": "tablet", "tabletti": "tablet",
    "network": "network", "verkkolaite": "network",
    "other": "other", "muu": "other",
}
DEVICE_STATUSES = {
    "in_use": "in_use", "käytössä": "in_use", "kaytossa": "in_use",
    "in_stock": "in_stock", "varastossa": "in_stock",
    "in_repair": "in_repair", "korjauksessa": "in_repair", "huollossa": "in_repair",
    "retired": "retired", "poistettu": "retired", "poistettu käytöstä": "retired",
}
DEVICE_EVENTS = {
    "assigned": "assigned", "luovutettu": "assigned", "annettu käyttöön": "assigned",
    "returned": "returned", "palautettu": "returned",
    "repaired": "repaired", "korjattu": "repaired",
    "replaced": "replaced", "vaihdettu": "replaced",
    "retired": "retired", "poistettu": "retired", "poistettu käytöstä": "retired",
}
ORDER_TYPES = {
    "new_subscription": "new_subscription", "uusi liittymä": "new_subscription",
    "uusi liittyma": "new_subscription",
    "device": "device", "laite": "device",
    "change": "change", "muutos": "change",
    "termination": "termination", "irtisanominen": "termination",
    "other": "other", "muu": "other",
}
ORDER_STATES = {
    "received": "received", "vastaanotettu": "received",
    "in_progress": "in_progress", "käsittelyssä": "in_progress", "kasittelyssa": "in_progress",
    "waiting_for_customer": "waiting_for_customer", "odottaa asiakasta": "waiting_for_customer",
    "delivered": "delivered", "toimitettu": "delivered",
    "cancelled": "cancelled", "peruttu": "cancelled",
}

# FOCUS ChargeCategory -> charge_category (docs/data-contract.md, "FOCUS")
FOCUS_CATEGORIES = {"usage": "usage", "purchase": "one_time", "tax": "service",
                    "credit": "discount", "adjustment": "service"}


@dataclass(frozen=True)
class Column:
    name: str                       # canonical name
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()   # Finnish (and other accepted) headers
    values: dict[str, str] | None = None   # ENUM vocabulary: lower-case word -> canonical
    target: str | None = None       # table column when it differs from ``name``
    unit: str = ""                  # documentation: the unit of a quantity

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Kind:
    name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()       # duplicate check within a file (canonical names)
    per_org: bool = True
    description: str = ""
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def C(name, type_, required=False, *aliases, values=None, target=None, unit=""):
    return Column(name, type_, required, tuple(aliases), values, target, unit)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("cost_centres", "cost_centres", (
        C("code", TEXT, True, "Koodi", "Kustannuspaikka"),
        C("name", TEXT, True, "Nimi"),
        C("parent", TEXT, False, "Ylempi", "parent_code", target="parent_code"),
    ), key=("code",), description="The organisation's cost centre tree."),
    Kind("plans", "plans", (
        C("plan", TEXT, True, "Tuote", "Liittymätyyppi"),
        C("service_type", ENUM, True, "Palvelutyyppi", values=SERVICE_TYPES),
        C("monthly_fee", DECIMAL, True, "Kuukausimaksu", unit="EUR/month, VAT 0 %"),
        C("data_gb", DECIMAL, False, "data_allowance_gb", "Datakiintiö (Gt)", unit="GB; empty = unlimited"),
        C("voice_min", INT, False, "Puhekiintiö (min)", unit="minutes; empty = unlimited"),
        C("sms", INT, False, "Viestikiintiö (kpl)", unit="messages; empty = unlimited"),
        C("data_overage_per_gb", DECIMAL, False, "Datan ylityshinta (€/Gt)", unit="EUR/GB"),
        C("voice_per_min", DECIMAL, False, "Minuuttihinta (€)", unit="EUR/min"),
        C("sms_each", DECIMAL, False, "Viestihinta (€)", unit="EUR/message"),
    ), key=("plan",), per_org=False, description="The operator's product catalogue (operator only)."),
    Kind("subscriptions", "subscriptions", (
        C("subscription_id", TEXT, True, "Liittymätunnus"),
        C("phone_number", PHONE, False, "Numero", "Puhelinnumero"),
        C("user_name", TEXT, False, "Käyttäjä"),
        C("cost_centre", TEXT, False, "Kustannuspaikka"),
        C("plan", TEXT, False, "Tuote"),
        C("service_type", ENUM, True, "Palvelutyyppi", values=SERVICE_TYPES),
        C("monthly_fee", DECIMAL, False, "Kuukausimaksu", unit="EUR/month, VAT 0 % (for a new plan)"),
        C("data_allowance_gb", DECIMAL, False, "Datakiintiö (Gt)", unit="GB (for a new plan)"),
        C("opened_on", DATE, True, "Avattu"),
        C("closed_on", DATE, False, "Suljettu"),
    ), key=("subscription_id",), description="Subscriptions (liittymät) of the organisation."),
    Kind("charges", "charges", (
        C("invoice_month", MONTH, True, "Laskutuskausi"),
        C("subscription_id", TEXT, False, "Liittymätunnus"),
        C("category", ENUM, True, "Veloituslaji", values=CHARGE_CATEGORIES),
        C("description", TEXT, True, "Selite"),
        C("quantity", DECIMAL, False, "Määrä"),
        C("unit", TEXT, False, "Yksikkö"),
        C("amount", DECIMAL, True, "Summa (alv 0 %)", "Summa", unit="VAT 0 %"),
        C("currency", TEXT, False, "Valuutta", unit="ISO 4217; empty = EUR"),
        C("country", COUNTRY_OPT, False, "Maa", unit="ISO 3166 alpha-2, roaming lines"),
        C("cost_centre", TEXT, False, "Kustannuspaikka"),
    ), description="Invoice lines; re-importing a month replaces that month's lines."),
    Kind("usage", "usage_daily", (
        C("usage_date", DATE, True, "Päivä", "Päivämäärä"),
        C("subscription_id", TEXT, True, "Liittymätunnus"),
        C("usage_type", ENUM, True, "Käyttölaji", values=USAGE_TYPES),
        C("quantity", DECIMAL, True, "Määrä", unit="minutes, messages or MB"),
        C("country", COUNTRY, False, "Maa", unit="ISO 3166 alpha-2; empty = FI"),
        C("amount", DECIMAL, False, "Summa (alv 0 %)", "Summa", unit="VAT 0 %; empty = included"),
    ), key=("subscription_id", "usage_date", "usage_type", "country"),
        description="Daily usage per subscription; re-importing a month replaces that month."),
    Kind("services", "services", (
        C("service_id", TEXT, True, "Palvelutunnus"),
        C("name", TEXT, True, "Palvelu", "Palvelun nimi"),
        C("category", TEXT, True, "Palveluluokka"),
        C("sla_availability_pct", DECIMAL, True, "SLA-saatavuus (%)", unit="%"),
        *(C(f"{w}_p{p}_h", DECIMAL, False, f"{fi} P{p} (h)", unit="hours")
          for w, fi in (("response", "Vasteaika"), ("resolve", "Ratkaisuaika")) for p in (1, 2, 3, 4)),
    ), key=("service_id",), description="Managed services and their SLA targets."),
    Kind("service_events", "service_events", (
        C("service_id", TEXT, True, "Palvelutunnus"),
        C("event_id", TEXT, True, "Tapahtumatunnus"),
        C("starts_at", TIMESTAMP, True, "Alkoi"),
        C("ends_at", TIMESTAMP, False, "Päättyi"),
        C("status", ENUM, True, "Tila", values=SERVICE_STATUSES),
        C("title", TEXT, True, "Otsikko"),
    ), key=("event_id",), description="Incidents and maintenance of services (local time)."),
    Kind("tickets", "tickets", (
        C("ticket_id", TEXT, True, "Tikettitunnus", "Pyyntötunnus"),
        C("service_id", TEXT, True, "Palvelutunnus"),
        C("priority", ENUM, True, "Prioriteetti", values=TICKET_PRIORITIES),
        C("opened_at", TIMESTAMP, True, "Avattu"),
        C("first_response_at", TIMESTAMP, False, "Ensivaste"),
        C("resolved_at", TIMESTAMP, False, "Ratkaistu"),
        C("status", ENUM, True, "Tila", values=TICKET_STATUSES),
        C("subject", TEXT, True, "Aihe"),
    ), key=("ticket_id",), description="Support requests (local time)."),
    Kind("devices", "devices", (
        C("device_id", TEXT, True, "Laitetunnus"),
        C("device_type", ENUM, True, "Laitetyyppi", values=DEVICE_TYPES),
        C("model", TEXT, False, "Malli"),
        C("manufacturer", TEXT, False, "Valmistaja"),
        C("serial_number", TEXT, False, "Sarjanumero"),
        C("imei", IMEI, False, "IMEI", "IMEI-koodi", unit="15 digits, Luhn check digit"),
        C("user_name", TEXT, False, "Käyttäjä"),
        C("cost_centre", TEXT, False, "Kustannuspaikka"),
        C("subscription_id", TEXT, False, "Liittymätunnus"),
        C("status", ENUM, True, "Tila", values=DEVICE_STATUSES),
        C("purchased_on", DATE, False, "Hankittu", "Hankintapäivä"),
        C("warranty_until", DATE, False, "Takuu päättyy", "Takuu voimassa"),
        C("lease_end", DATE, False, "Leasing päättyy", "Leasingsopimus päättyy"),
        C("monthly_lease", DECIMAL, False, "Leasing €/kk", "Kuukausivuokra", unit="EUR/month, VAT 0 %"),
        C("location", TEXT, False, "Sijainti"),
    ), key=("device_id",), description="The device base (laitekanta): workstations, phones, network gear."),
    Kind("device_events", "device_events", (
        C("device_id", TEXT, True, "Laitetunnus"),
        C("event_type", ENUM, True, "Tapahtuma", values=DEVICE_EVENTS),
        C("event_at", TIMESTAMP, True, "Aika", "Ajankohta"),
        C("user_name", TEXT, False, "Käyttäjä"),
        C("note", TEXT, False, "Lisätieto", "Huomautus"),
    ), key=("device_id", "event_at", "event_type"),
        description="A device's history: assigned, returned, repaired, replaced, retired (local time)."),
    Kind("service_orders", "service_orders", (
        C("order_id", TEXT, True, "Tilausnumero", "Tilaustunnus"),
        C("order_type", ENUM, True, "Tilaustyyppi", "Mitä tilattiin", values=ORDER_TYPES),
        C("for_whom", TEXT, False, "Kenelle", "Tilaaja"),
        C("cost_centre", TEXT, False, "Kustannuspaikka"),
        C("subscription_id", TEXT, False, "Liittymätunnus"),
        C("ordered_at", TIMESTAMP, True, "Tilattu", "Tilausaika"),
        C("promised_by", DATE, False, "Luvattu toimitus", "Toimituslupaus", unit="the promised delivery date"),
        C("state", ENUM, True, "Tila", values=ORDER_STATES),
        C("state_at", TIMESTAMP, False, "Tilan aika", "Tila muuttui", unit="when the state was set"),
        C("delivered_at", TIMESTAMP, False, "Toimitettu", "Toimitusaika", unit="required when delivered"),
    ), key=("order_id",),
        description="Service orders in flight (tilaukset ja toimitukset): what, for whom, promised by, state."),
    Kind("budgets", "budgets", (
        C("cost_centre", TEXT, False, "Kustannuspaikka", unit="empty = the whole organisation"),
        C("month", MONTH, False, "Kuukausi", unit="a month budget (give month or year)"),
        C("year", INT, False, "Vuosi", unit="a year budget (give month or year)"),
        C("budget", DECIMAL, True, "Budjetti", "Budjetti (alv 0 %)", unit="EUR, VAT 0 %"),
    ), key=("cost_centre", "month", "year"),
        description="Budgets per cost centre or for the organisation, per month or per year; "
                    "re-importing a budget replaces it."),
)}

# Load order when several files come in one import: references point backwards.
LOAD_ORDER = ("cost_centres", "plans", "subscriptions", "services", "service_events", "tickets",
              "devices", "device_events", "service_orders", "charges", "usage", "focus", "budgets")

# FOCUS 1.0-1.2 columns read (all others are ignored without a warning).
FOCUS_COLUMNS = ("BilledCost", "EffectiveCost", "BillingCurrency", "BillingPeriodStart",
                 "ChargePeriodStart", "ChargeCategory", "ChargeDescription", "ServiceCategory",
                 "ServiceName", "SubAccountId", "SubAccountName", "ProviderName",
                 "ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit",
                 "RegionId", "RegionName", "BillingAccountId", "BillingAccountName",
                 # FOCUS 1.2 (absent from 1.0 and 1.1 files: empty)
                 "InvoiceId", "BillingAccountType", "SubAccountType", "PricingCurrency")
FOCUS_REQUIRED = ("BilledCost", "BillingCurrency", "BillingPeriodStart", "ChargeCategory",
                  "ServiceName")
FOCUS_SIGNATURE = ("billedcost", "chargecategory", "billingcurrency")


def norm_header(value: object) -> str:
    """Header comparison key: case-folded, surrounding spaces removed, inner spaces collapsed."""
    text = "" if value is None else str(value)
    return re.sub(r"\s+", " ", text.replace("\ufeff", "").replace("\u00a0", " ")).strip().casefold()


@dataclass
class Mapping:
    """How one file's headers map to a kind's columns."""

    kind: str
    columns: dict[str, int]          # canonical name -> header index
    headers: list[str]
    unknown: list[str]
    missing: list[str]

    def rows(self) -> list[tuple[str, str]]:
        """(header in the file, canonical column) for the preview."""
        return [(self.headers[i], name) for name, i in self.columns.items()]


def map_headers(headers: list[str], kind: str) -> Mapping:
    if kind == "focus":
        index = {norm_header(h): i for i, h in enumerate(headers)}
        cols = {c: index[c.casefold()] for c in FOCUS_COLUMNS if c.casefold() in index}
        missing = [c for c in FOCUS_REQUIRED if c not in cols]
        return Mapping("focus", cols, headers, [], missing)
    spec = KINDS[kind]
    lookup: dict[str, str] = {}
    for col in spec.columns:
        for h in col.headers:
            lookup.setdefault(norm_header(h), col.name)
    cols: dict[str, int] = {}
    unknown: list[str] = []
    for i, h in enumerate(headers):
        name = lookup.get(norm_header(h))
        if name is None or name in cols:
            unknown.append(h)
        else:
            cols[name] = i
    missing = [c for c in spec.required if c not in cols]
    return Mapping(kind, cols, headers, unknown, missing)


def detect_kind(headers: list[str]) -> Mapping:
    """The kind whose required columns are all present and which explains the most headers;
    FOCUS when its signature columns are there. Without a full match, the closest kind (its
    ``missing`` then lists what is absent)."""
    normed = {norm_header(h) for h in headers}
    if all(s in normed for s in FOCUS_SIGNATURE):
        return map_headers(headers, "focus")
    candidates = [map_headers(headers, k) for k in KINDS]
    complete = [m for m in candidates if not m.missing]
    pool = complete or candidates
    return max(pool, key=lambda m: (len(m.columns) - len(m.missing) * 2, -len(m.unknown)))
