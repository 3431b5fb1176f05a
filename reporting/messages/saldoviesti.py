"""Saldoviesti: the monthly text message each employee gets about their own subscription.

Figures come from ``messages_month.sql`` (the month's invoice lines and usage, through the
scope); the text from the organisation's template in the subscription's language, with one
short nudge where it helps. Length is counted in GSM 03.38 terms (reporting.messages.sms).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reporting.access.permissions import may_change_messages
from reporting.access.scope import Scope, User
from reporting.core import state
from reporting.core.db import Database
from reporting.core.registry import report, scoped_params
from reporting.costs.reports import cost_months
from reporting.i18n import country_name, fmt_money, fmt_number, fmt_percent, t
from reporting.messages.formats import format_column, formatter
from reporting.messages.search import PAGE_ROWS, search_mask
from reporting.messages.sms import gsm_safe, gsm_safe_all, sms_length, sms_lengths

DEFAULT_TEMPLATES = {
    "fi": ("Saldoviesti {month}: liittymän {number} kulut {cost}. Data {data}/{allowance}, "
           "puhelut {voice} min, viestit {messages}. {nudge}"),
    "en": ("Monthly summary {month} for {number}: cost {cost}. Data {data}/{allowance}, "
           "calls {voice} min, texts {messages}. {nudge}"),
}
PLACEHOLDERS = ("month", "number", "cost", "data", "allowance", "voice", "messages", "roaming", "nudge")
_FIELD_RE = re.compile(r"\{([^{}]*)\}")
MAX_TEMPLATE_LENGTH = 400

# Nudge thresholds (documented in docs/reports.md)
ALLOWANCE_SHARE = 0.8          # data used >= 80 % of the allowance
GROWTH_SHARE = 0.5             # cost >= 150 % of the trailing 3-month average ...
GROWTH_AMOUNT = 10.0           # ... and at least 10 € above it

MESSAGE_COLUMNS = ["subscription_id", "phone_number", "user_name", "cost_centre", "language",
                   "opted_out", "cost", "roaming_cost", "data_gb", "allowance_gb", "voice_min",
                   "messages", "nudge", "text", "characters", "segments", "encoding"]


class MessageError(ValueError):
    """A request that cannot be done, in one sentence for the user."""


def template_problems(body: str, lang: str = "fi") -> list[str]:
    """What is wrong with a template, as messages for the user (empty when fine)."""
    problems = []
    if not body.strip():
        problems.append(t("messages.template_empty", lang))
    if len(body) > MAX_TEMPLATE_LENGTH:
        problems.append(t("messages.template_too_long", lang, limit=MAX_TEMPLATE_LENGTH))
    unknown = sorted({f for f in _FIELD_RE.findall(body) if f not in PLACEHOLDERS})
    if unknown:
        problems.append(t("messages.template_unknown", lang, fields=", ".join("{" + u + "}" for u in unknown),
                          allowed=", ".join("{" + p + "}" for p in PLACEHOLDERS)))
    if body.count("{") != body.count("}"):
        problems.append(t("messages.template_braces", lang))
    return problems


def render(body: str, values: dict[str, str]) -> str:
    """Fill ``{placeholder}`` fields (no attribute access, no format specs: a template is
    user input), collapse double spaces and strip."""
    text = _FIELD_RE.sub(lambda m: values.get(m.group(1), m.group(0)), body)
    return re.sub(r"[ ]{2,}", " ", text).strip()


def local_number(e164: str) -> str:
    """+358401234567 -> 040 123 4567 (other countries unchanged)."""
    if e164.startswith("+358") and len(e164) >= 10:
        rest = "0" + e164[4:]
        return f"{rest[:3]} {rest[3:6]} {rest[6:]}"
    return e164


def local_numbers(e164: pd.Series) -> list[str]:
    """``local_number`` of a column of numbers, in Arrow's string kernels."""
    phones = e164.astype("str")
    finnish = (phones.str.startswith("+358") & (phones.str.len() >= 10)).to_numpy(dtype=bool)
    rest = "0" + phones.str.slice(4)
    local = rest.str.slice(0, 3) + " " + rest.str.slice(3, 6) + " " + rest.str.slice(6)
    return np.where(finnish, local.to_numpy(dtype=object), phones.to_numpy(dtype=object)).tolist()


def nudge_for(row: pd.Series, lang: str) -> str:
    """One short nudge, the most useful first: roaming costs, near the allowance, growth."""
    if row.roaming_cost and float(row.roaming_cost) > 0:
        return t("messages.nudge_roaming", lang, amount=fmt_money(row.roaming_cost, lang),
                 country=country_name(row.roaming_country, lang))
    allowance = row.allowance_gb
    if allowance is not None and allowance == allowance and float(allowance) > 0:
        share = float(row.data_gb) / float(allowance)
        if share >= ALLOWANCE_SHARE:
            return t("messages.nudge_allowance", lang, share=fmt_percent(share, lang, 0))
    avg, cost = float(row.avg_cost_3m), float(row.cost)
    if avg > 0 and cost >= avg * (1 + GROWTH_SHARE) and cost - avg >= GROWTH_AMOUNT:
        return t("messages.nudge_growth", lang, amount=fmt_money(cost - avg, lang))
    return ""


def message_text(row: pd.Series, body: str, lang: str, month: dt.date) -> tuple[str, str]:
    allowance = row.allowance_gb
    allowance_text = (t("messages.unlimited", lang) if allowance is None or allowance != allowance
                      else fmt_number(allowance, lang, 0) + " " + t("messages.gb", lang))
    nudge = nudge_for(row, lang)
    values = {
        "month": f"{month.month}/{month.year}",
        "number": local_number(row.phone_number),
        "cost": fmt_money(row.cost, lang),
        "data": fmt_number(row.data_gb, lang, 1),
        "allowance": allowance_text,
        "voice": fmt_number(row.voice_min, lang),
        "messages": fmt_number(row.messages, lang),
        "roaming": fmt_money(row.roaming_cost, lang),
        "nudge": nudge,
    }
    return gsm_safe(render(body, {k: gsm_safe(v) for k, v in values.items()})), nudge


# -- stored settings ---------------------------------------------------------------------------

def templates(org_id: str, path: Path | None = None) -> dict[str, str]:
    with state.connect(path) as con:
        rows = con.execute(state.sql("messages/message_templates_of"), {"org_id": org_id}).fetchall()
    stored = {r["lang"]: r["body"] for r in rows}
    return {lang: stored.get(lang, DEFAULT_TEMPLATES[lang]) for lang in DEFAULT_TEMPLATES}


def preferences(org_id: str, path: Path | None = None) -> pd.DataFrame:
    with state.connect(path) as con:
        rows = con.execute(state.sql("messages/message_prefs_of"), {"org_id": org_id}).fetchall()
    return pd.DataFrame([dict(r) for r in rows], columns=["subscription_id", "lang", "opted_out"])


def _require_manager_of(user: User, org_id: str) -> None:
    if may_change_messages(user, org_id):
        return
    raise MessageError("Only the organisation's main user or the operator can change the messages.")


def save_template(user: User, org_id: str, lang: str, body: str, path: Path | None = None) -> None:
    _require_manager_of(user, org_id)
    if lang not in DEFAULT_TEMPLATES:
        raise MessageError(f"Unknown language {lang!r}.")
    problems = template_problems(body, lang)
    if problems:
        raise MessageError(" ".join(problems))
    with state.transaction(path) as con:
        con.execute(state.sql("messages/message_template_save"),
                    {"org_id": org_id, "lang": lang, "body": body, "updated_by": user.user_id})


def save_preferences(user: User, db: Database, org_id: str, changes: pd.DataFrame,
                     path: Path | None = None) -> int:
    """Store language and opt-out for subscriptions (columns subscription_id, lang,
    opted_out). Every id must be a subscription of ``org_id``: checked here, on the server."""
    _require_manager_of(user, org_id)
    if changes.empty:
        return 0
    ids = sorted(set(changes.subscription_id))
    known = {r[0] for r in db.rows(
        "SELECT subscription_id FROM subscriptions WHERE org_id = $org AND list_contains($ids, subscription_id)",
        {"org": org_id, "ids": ids})}
    foreign = [i for i in ids if i not in known]
    if foreign:
        raise MessageError(f"Not subscriptions of this organisation: {', '.join(foreign[:5])}.")
    bad_lang = sorted(set(changes.lang) - set(DEFAULT_TEMPLATES))
    if bad_lang:
        raise MessageError(f"Unknown language {bad_lang[0]!r}.")
    with state.transaction(path) as con:
        con.executemany(
            state.sql("messages/message_pref_save"),
            [{"org_id": org_id, "subscription_id": r.subscription_id, "lang": r.lang,
              "opted_out": int(bool(r.opted_out)), "updated_by": user.user_id}
             for r in changes.itertuples()])
    return len(changes)


# -- the messages ------------------------------------------------------------------------------

def latest_month(db: Database, org_id: str) -> dt.date | None:
    rows = db.for_org(org_id).rows("SELECT max(invoice_month) FROM charges WHERE org_id = ?", [org_id])
    value = rows[0][0] if rows else None
    return value if value is None or isinstance(value, dt.date) else value.date()


@dataclass(frozen=True)
class MessageSettings:
    templates: dict[str, str]
    prefs: pd.DataFrame

    @property
    def version(self) -> str:
        """A digest of the templates and preferences: part of the cache key of the messages, so
        a saved template or opt-out shows at once."""
        prefs = sorted(zip(map(str, self.prefs.subscription_id), map(str, self.prefs.lang),
                           (int(bool(o)) for o in self.prefs.opted_out), strict=True))
        text = json.dumps([sorted(self.templates.items()), prefs], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def settings_for(org_id: str, path: Path | None = None) -> MessageSettings:
    return MessageSettings(templates(org_id, path), preferences(org_id, path))


def _template_format(body: str, fields: tuple[str, ...]) -> str:
    """``body`` as a ``str.format`` pattern of positional fields, the i-th being ``fields[i]``:
    what ``render`` fills, parsed once for all rows (a field that is not a placeholder stays
    as it is written, as ``render`` leaves it)."""
    out, pos = [], 0
    for m in _FIELD_RE.finditer(body):
        out.append(body[pos:m.start()].replace("{", "{{").replace("}", "}}"))
        name = m.group(1)
        out.append("{" + str(fields.index(name)) + "}" if name in fields
                   else m.group(0).replace("{", "{{").replace("}", "}}"))
        pos = m.end()
    out.append(body[pos:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


_SPACES = re.compile(r"[ ]{2,}")


def _nudges(fig: pd.DataFrame, lang: str) -> np.ndarray:
    """``nudge_for`` of every row of ``fig`` (the same rules, in the same order), as texts."""
    n = len(fig)
    out = np.full(n, "", dtype=object)
    roaming = fig.roaming_cost.to_numpy(dtype=float)
    allowance = fig.allowance_gb.to_numpy(dtype=float)
    data = fig.data_gb.to_numpy(dtype=float)
    avg, cost = fig.avg_cost_3m.to_numpy(dtype=float), fig.cost.to_numpy(dtype=float)
    is_roaming = roaming > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(allowance > 0, data / allowance, np.nan)
    near = ~is_roaming & (allowance > 0) & (share >= ALLOWANCE_SHARE)
    growth = (~is_roaming & ~near & (avg > 0) & (cost >= avg * (1 + GROWTH_SHARE))
              & (cost - avg >= GROWTH_AMOUNT))
    if is_roaming.any():
        idx = np.flatnonzero(is_roaming)
        amounts = format_column(roaming[idx], formatter("money", lang))
        countries = fig.roaming_country.to_numpy(dtype=object)[idx]
        names = {c: country_name(c, lang) for c in set(countries) if isinstance(c, str)}
        out[idx] = [t("messages.nudge_roaming", lang, amount=a, country=names.get(c, ""))
                    for a, c in zip(amounts, countries, strict=True)]
    if near.any():
        idx = np.flatnonzero(near)
        out[idx] = [t("messages.nudge_allowance", lang, share=s)
                    for s in format_column(share[idx], formatter("percent", lang, 0))]
    if growth.any():
        idx = np.flatnonzero(growth)
        out[idx] = [t("messages.nudge_growth", lang, amount=a)
                    for a in format_column(cost[idx] - avg[idx], formatter("money", lang))]
    return out


def _safe_distinct(texts) -> np.ndarray:
    """``gsm_safe`` of every text, computed once per distinct text."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
    return np.array(gsm_safe_all(uniques), dtype=object)[codes]


def render_messages(figures: pd.DataFrame, settings: MessageSettings, month: dt.date) -> pd.DataFrame:
    """The month's messages from its figures (``messages_month.sql``), a column at a time: the
    same frame, texts and SMS lengths as ``message_text`` + ``sms_length`` per row give
    (tests/test_messages_fast.py compares every row), in a fraction of a second for 100,000
    rows. Each figure is formatted once per distinct value (reporting.messages.formats)."""
    n = len(figures)
    prefs = settings.prefs
    subs = figures.subscription_id
    if len(prefs):
        stored = prefs.drop_duplicates("subscription_id", keep="last").set_index("subscription_id")
        language = subs.map(stored.lang).fillna("fi").to_numpy(dtype=object)
        opted_out = subs.map(stored.opted_out).fillna(0).astype(bool).to_numpy()
    else:
        language = np.full(n, "fi", dtype=object)
        opted_out = np.zeros(n, dtype=bool)
    fields = ("month", "number", "cost", "data", "allowance", "voice", "messages", "roaming", "nudge")
    numbers = np.array(gsm_safe_all(local_numbers(figures.phone_number)), dtype=object)
    texts = np.empty(n, dtype=object)
    nudges = np.empty(n, dtype=object)
    for lang in pd.unique(language):
        idx = np.flatnonzero(language == lang)
        fig = figures.iloc[idx]
        body = settings.templates[lang]
        nudge = _nudges(fig, lang)
        allowance = fig.allowance_gb.to_numpy(dtype=float)
        gb = " " + t("messages.gb", lang)
        allowance_text = np.where(np.isnan(allowance), t("messages.unlimited", lang),
                                  format_column(allowance, formatter("number", lang, 0)).astype(object) + gb)
        columns = [
            [f"{month.month}/{month.year}"] * len(idx),
            numbers[idx],
            format_column(fig.cost, formatter("money", lang)),
            format_column(fig.data_gb, formatter("number", lang, 1)),
            allowance_text,
            format_column(fig.voice_min, formatter("number", lang, 0)),
            format_column(fig.messages, formatter("number", lang, 0)),
            format_column(fig.roaming_cost, formatter("money", lang)),
            nudge,
        ]
        # each value made GSM-safe once per distinct text (the phone numbers already are)
        safe = [c if i in (0, 1) else _safe_distinct(c) for i, c in enumerate(columns)]
        pattern = _template_format(body, fields).format
        squeeze = _SPACES.sub
        filled = [pattern(*values) for values in zip(*safe, strict=True)]
        texts[idx] = gsm_safe_all((squeeze(" ", x) if "  " in x else x).strip() for x in filled)
        nudges[idx] = nudge
    encodings, _, segments = sms_lengths(texts)
    out = figures[["subscription_id", "phone_number", "user_name", "cost_centre", "cost", "roaming_cost",
                   "data_gb", "allowance_gb", "voice_min", "messages"]].reset_index(drop=True)
    out = out.assign(language=pd.array(language, dtype="str"), opted_out=opted_out,
                     nudge=pd.array(nudges, dtype="str"), text=pd.array(texts, dtype="str"),
                     characters=[len(x) for x in texts], segments=segments,
                     encoding=pd.array(encodings, dtype="str"))
    return out[MESSAGE_COLUMNS]


# The month's messages of a scope, shared by every session and caller of this process: a
# month of the large organisation is ~66,000 rows, so a handful of entries, bounded by rows.
MEMO_ROWS = 250_000
_memo: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_memo_lock = threading.Lock()
_computing: dict[tuple, threading.Lock] = {}


def _remember(key: tuple, frame: pd.DataFrame) -> None:
    with _memo_lock:
        _memo[key] = frame
        _memo.move_to_end(key)
        while len(_memo) > 1 and sum(len(f) for f in _memo.values()) > MEMO_ROWS:
            _memo.popitem(last=False)


def messages_of(db: Database, scope: Scope, month: dt.date | None = None,
                settings: MessageSettings | None = None) -> pd.DataFrame:
    """The month's messages of the scope (default: the latest invoiced month; the
    organisation's stored settings), computed once per (organisation's data version, scope, month,
    settings digest) in this process and shared: concurrent callers of the same key wait for
    one computation. The frame is shared: do not change it (``saldoviesti`` gives a copy)."""
    if scope.is_empty:
        return pd.DataFrame(columns=MESSAGE_COLUMNS)
    db = db.for_org(scope.org_id)
    month = month or latest_month(db, scope.org_id)
    if month is None:
        return pd.DataFrame(columns=MESSAGE_COLUMNS)
    settings = settings or settings_for(scope.org_id)
    key = (str(db.path), db.data_version(scope.org_id), scope.key(), month, settings.version)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
        lock = _computing.setdefault(key, threading.Lock())
    with lock:
        with _memo_lock:
            if key in _memo:
                return _memo[key]
        try:
            figures = db.named("messages/messages_month", scoped_params(scope, month=month))
            frame = (pd.DataFrame(columns=MESSAGE_COLUMNS) if figures.empty
                     else render_messages(figures, settings, month))
            _remember(key, frame)
        finally:
            with _memo_lock:
                _computing.pop(key, None)
    return frame


def warm_latest_months(db: Database, orgs: list[str] | None = None) -> dict[str, int]:
    """Compute the newest invoiced month's messages of each organisation (default: every one)
    into the shared memo, so that the first visitor after a start or an import does not wait:
    for a background warmer of the caches. Returns the messages per organisation."""
    if orgs is None:
        orgs = [r[0] for r in db.rows("SELECT org_id FROM organisations ORDER BY org_id")]
    return {org: len(messages_of(db, Scope.organisation(org))) for org in orgs}


@report("saldoviesti", "report.saldoviesti")
def saldoviesti(db: Database, scope: Scope, month: dt.date | None = None,
                settings: MessageSettings | None = None, state_version: str | None = None) -> pd.DataFrame:
    """One Saldoviesti text per active mobile voice subscription for the month, with its
    language, opt-out, figures, SMS segments and encoding. ``settings`` default to the
    organisation's stored ones; ``state_version`` is ignored here (pages pass
    ``MessageSettings.version`` so that a saved change invalidates the cached result)."""
    return messages_of(db, scope, month, settings).copy()


def outbox_csv(messages: pd.DataFrame) -> bytes:
    """The file for the operator's SMS gateway: phone number (E.164), language, text,
    segments; opted-out subscriptions left out. A machine file, not a spreadsheet: values are
    written exactly (a leading + of a phone number is data, not a formula)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["phone_number", "language", "text", "segments"])
    sending = messages[~messages.opted_out.astype(bool)]
    writer.writerows(zip(sending.phone_number, sending.language, sending.text, sending.segments, strict=True))
    return buf.getvalue().encode("utf-8")


MONTHS_OFFERED = 24
KPI_COLUMNS = ["messages", "segments", "multi_segment_messages", "opted_out"]


@report("saldoviesti-months", "report.saldoviesti_months", exportable=False)
def saldoviesti_months(db: Database, scope: Scope) -> pd.DataFrame:
    """The invoiced months messages can be made for, newest first (the latest 24)."""
    return cost_months(db, scope).head(MONTHS_OFFERED).reset_index(drop=True)


@report("saldoviesti-kpis", "report.saldoviesti_kpis", exportable=False)
def saldoviesti_kpis(db: Database, scope: Scope, month: dt.date | None = None,
                     state_version: str | None = None) -> pd.DataFrame:
    """One row for the month's messages: how many are sent (opted-out subscriptions get
    none), their SMS segments, how many take more than one segment, how many opted out."""
    messages = messages_of(db, scope, month)
    if messages.empty:
        return pd.DataFrame(columns=KPI_COLUMNS)
    sending = messages[~messages.opted_out.astype(bool)]
    return pd.DataFrame([{"messages": len(sending), "segments": int(sending.segments.sum()),
                          "multi_segment_messages": int((sending.segments > 1).sum()),
                          "opted_out": len(messages) - len(sending)}], columns=KPI_COLUMNS)


def search_messages(messages: pd.DataFrame, query: str | None) -> pd.DataFrame:
    """The messages whose phone number, user name or cost centre contains ``query`` (case
    and spacing of a number ignored: "040 123", "+35840123" and "40123" find +358401234567);
    all of them for an empty query."""
    if not (query or "").strip() or messages.empty:
        return messages
    return messages[search_mask(messages, query, ["phone_number", "user_name", "cost_centre"])]


@report("saldoviesti-search", "report.saldoviesti", exportable=False)
def saldoviesti_search(db: Database, scope: Scope, month: dt.date | None = None, query: str | None = None,
                       offset: int = 0, limit: int = PAGE_ROWS, state_version: str | None = None) -> pd.DataFrame:
    """One page of the month's messages that match ``query`` (``search_messages``): rows
    ``offset`` .. ``offset + limit`` in subscription order. The page shows these instead of
    sending the whole month to the browser."""
    found = search_messages(messages_of(db, scope, month), query)
    offset, limit = max(0, int(offset)), max(0, int(limit))
    return found.iloc[offset:offset + limit].reset_index(drop=True)


@report("saldoviesti-matches", "report.saldoviesti", exportable=False)
def saldoviesti_matches(db: Database, scope: Scope, month: dt.date | None = None, query: str | None = None,
                        state_version: str | None = None) -> pd.DataFrame:
    """How many of the month's messages match ``query``: one row (``matches``); none for a
    scope with no messages."""
    messages = messages_of(db, scope, month)
    if messages.empty:
        return pd.DataFrame(columns=["matches"])
    return pd.DataFrame({"matches": [len(search_messages(messages, query))]})


def preference_changes(edited: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The rows of an edited recipients table (subscription_id, language, opted_out) that
    differ from the table shown, as ``save_preferences`` takes them (subscription_id, lang,
    opted_out)."""
    both = edited.merge(shown, on="subscription_id", suffixes=("", "_was"))
    changed = both[(both.language != both.language_was) | (both.opted_out != both.opted_out_was)]
    return pd.DataFrame({"subscription_id": changed.subscription_id, "lang": changed.language,
                         "opted_out": changed.opted_out}).reset_index(drop=True)


def sample_length(body: str, lang: str) -> tuple[str, int, int, str]:
    """The template rendered with typical figures: (text, characters, segments, encoding)."""
    row = pd.Series({"phone_number": "+358401234567", "cost": 24.9, "roaming_cost": 0.0,
                     "roaming_country": None, "avg_cost_3m": 24.9, "data_gb": 3.2,
                     "allowance_gb": 10.0, "voice_min": 312, "messages": 14})
    text, _ = message_text(row, body, lang, dt.date(2026, 10, 1))
    length = sms_length(text)
    return text, len(text), length.segments, length.encoding
