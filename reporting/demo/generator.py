"""Synthetic, realistic and deterministic demo data.

Entities (organisations, cost centres, subscriptions, trips, services, events, tickets) are
drawn with numpy from one seeded generator. Daily usage, invoice lines and invoices are then
derived in DuckDB SQL, vectorised, in chunks of subscriptions so memory stays bounded and
usage rows land sorted by subscription (fast drill-down). Randomness inside SQL comes from
``hash(...)`` of the seed and row coordinates, so the result depends only on the seed and
the data's "now".

The output goes through ``reporting.ingest.load`` helpers shared with the importer
(``derive_usage_monthly``, ``derive_invoices``), so the demo exercises the same derivations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from reporting.core.identifiers import make_ytunnus
from reporting.demo import catalogue as cat
from reporting.ingest.derive import derive_invoices, derive_usage_monthly

CHUNK_SUBSCRIPTIONS = 4000

# persona: daily means and probabilities (data MB, voice min, sms), weekend factors
# columns: data_mu, p_data, voice_mu, p_voice, sms_mu, p_sms, steady
PERSONAS = {
    "heavy_data": (900.0, 0.97, 15.0, 0.60, 2.0, 0.30, 0),
    "voice_heavy": (150.0, 0.90, 70.0, 0.85, 4.0, 0.50, 0),
    "light": (40.0, 0.70, 6.0, 0.45, 1.0, 0.20, 0),
    "balanced": (300.0, 0.90, 30.0, 0.70, 2.0, 0.35, 0),
    "broadband": (2500.0, 0.80, 0.0, 0.0, 0.0, 0.0, 0),
    "iot": (3.0, 1.00, 0.0, 0.0, 1.0, 0.05, 1),
    "fixed": (0.0, 0.0, 25.0, 0.70, 0.0, 0.0, 0),
    "other": (20.0, 0.50, 0.0, 0.0, 0.0, 0.0, 0),
}
PERSONA_NAMES = list(PERSONAS)
VOICE_PERSONAS = ("heavy_data", "voice_heavy", "light", "balanced")
VOICE_PERSONA_SHARE = (0.20, 0.25, 0.40, 0.15)

# right-sized plan by persona, and the oversized plan some of them are on
RIGHT_PLAN = {
    "heavy_data": ("Yritys Plus 50 Gt", "Yritys Max rajaton"),
    "voice_heavy": ("Yritys Perus 10 Gt",),
    "light": ("Yritys Mini 2 Gt", "Yritys Perus 10 Gt"),
    "balanced": ("Yritys Perus 10 Gt", "Yritys Plus 50 Gt"),
    "broadband": ("Mobiililaajakaista 200 Gt", "Mobiililaajakaista rajaton"),
    "iot": ("M2M 100 Mt", "M2M 1 Gt"),
    "fixed": ("Kiinteä puhe",),
    "other": ("Lisäpalvelu",),
}
OVERSIZED_PLAN = {
    "light": "Yritys Max rajaton",
    "voice_heavy": "Yritys Max rajaton",
    "broadband": "Mobiililaajakaista rajaton",
    "iot": "M2M 1 Gt",
}
OVERSIZED_SHARE = 0.12
INACTIVE_SHARE = 0.065


@dataclass(frozen=True)
class Period:
    now: dt.datetime
    start: dt.date          # first day of the first month
    end: dt.date            # last day of the last complete month
    months: tuple[dt.date, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_for(today: dt.date, months: int = 24) -> Period:
    """24 complete months ending with the month before ``today``."""
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    firsts = []
    y, m = last_month.year, last_month.month
    for _ in range(months):
        firsts.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    firsts.reverse()
    end = today.replace(day=1) - dt.timedelta(days=1)
    return Period(
        now=dt.datetime.combine(today, dt.time(9, 0)),
        start=firsts[0], end=end, months=tuple(firsts),
    )


def _day_index(dates: np.ndarray, start: dt.date) -> np.ndarray:
    return (dates - np.datetime64(start, "D")).astype(np.int64)


# -- entities ---------------------------------------------------------------------------------

def _organisations(scale: str) -> pd.DataFrame:
    sizes = cat.SCALES[scale]
    rows = []
    for (org_id, name, sector, digits, mix), n in zip(cat.ORGANISATIONS, sizes, strict=False):
        rows.append({"org_id": org_id, "name": name, "business_id": make_ytunnus(digits),
                     "sector": sector, "n_subs": n, "mix": mix})
    return pd.DataFrame(rows)


def _cost_centres(org_id: str, n_subs: int, rng: np.random.Generator) -> pd.DataFrame:
    n_div = int(np.clip(round(n_subs ** (1 / 3)), 3, len(cat.DIVISIONS)))
    n_reg = int(np.clip(round(n_subs ** 0.25 / 1.5), 2, 9))
    n_team = 6 if n_subs > 20_000 else (3 if n_subs > 5_000 else 0)
    divisions = rng.choice(len(cat.DIVISIONS), size=n_div, replace=False)
    rows = []
    for d, div in enumerate(sorted(divisions), start=1):
        dcode = str(1000 * d)
        dname = cat.DIVISIONS[div]
        rows.append((org_id, dcode, dname, None))
        regions = rng.choice(len(cat.REGIONS), size=n_reg, replace=False)
        for r, reg in enumerate(sorted(regions), start=1):
            rcode = str(1000 * d + 100 * r)
            rname = f"{dname}, {cat.REGIONS[reg]}"
            rows.append((org_id, rcode, rname, dcode))
            for t in range(1, n_team + 1):
                rows.append((org_id, str(1000 * d + 100 * r + 10 * t),
                             f"{rname}, {cat.TEAMS[t - 1]}", rcode))
    return pd.DataFrame(rows, columns=["org_id", "code", "name", "parent_code"])


def _subscriptions(orgs: pd.DataFrame, centres: pd.DataFrame, period: Period,
                   rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    used_numbers: set[int] = set()
    for org in orgs.itertuples():
        n = org.n_subs
        cc = centres[centres.org_id == org.org_id]
        has_child = set(cc.parent_code.dropna())
        leaves = cc[~cc.code.isin(has_child)].code.to_numpy()
        weights = rng.dirichlet(np.full(len(leaves), 2.0))
        centre = rng.choice(leaves, size=n, p=weights)
        # a few subscriptions booked directly to a division (management phones)
        tops = cc[cc.parent_code.isna()].code.to_numpy()
        on_top = rng.random(n) < 0.04
        centre[on_top] = rng.choice(tops, size=on_top.sum())

        stype = rng.choice(np.array(["mobile_voice", "mobile_broadband", "m2m", "fixed_voice",
                                     "other"]), size=n, p=np.array(org.mix) / sum(org.mix))
        persona = np.empty(n, dtype=object)
        persona[stype == "mobile_broadband"] = "broadband"
        persona[stype == "m2m"] = "iot"
        persona[stype == "fixed_voice"] = "fixed"
        persona[stype == "other"] = "other"
        voice = stype == "mobile_voice"
        persona[voice] = rng.choice(np.array(VOICE_PERSONAS), size=voice.sum(),
                                    p=VOICE_PERSONA_SHARE)

        plan = np.empty(n, dtype=object)
        for p, options in RIGHT_PLAN.items():
            sel = persona == p
            plan[sel] = rng.choice(np.array(options), size=sel.sum())
        oversized = np.zeros(n, dtype=bool)
        for p, big in OVERSIZED_PLAN.items():
            sel = (persona == p) & (rng.random(n) < OVERSIZED_SHARE)
            plan[sel] = big
            oversized |= sel

        # opening and closing dates
        hist_days = period.days
        start64 = np.datetime64(period.start, "D")
        before = rng.random(n) < 0.78
        opened = np.where(before,
                          start64 - rng.integers(30, 8 * 365, size=n).astype("timedelta64[D]"),
                          start64 + rng.integers(0, hist_days - 1, size=n).astype("timedelta64[D]"))
        closes = rng.random(n) < 0.09
        open_days = (np.datetime64(period.end, "D") - np.maximum(opened, start64)).astype(int)
        closed = opened + (np.maximum(opened, start64) - opened) + (
            rng.random(n) * np.maximum(open_days, 1)).astype("timedelta64[D]")
        closed = np.where(closes & (open_days > 10), closed, np.datetime64("NaT"))

        # inactive: open at the end, usage stopped 3-15 months before the end
        three_months_back = np.datetime64(period.months[-3], "D")
        eligible = np.isnat(closed) & (opened < three_months_back - np.timedelta64(90, "D"))
        inactive = eligible & (rng.random(n) < INACTIVE_SHARE / max(eligible.mean(), 1e-9))
        stop = three_months_back - rng.integers(1, 365, size=n).astype("timedelta64[D]")
        stop = np.maximum(stop, np.maximum(opened, start64))
        usage_stop = np.where(inactive, stop, np.datetime64("NaT"))

        # people, devices and numbers
        first = rng.choice(np.array(cat.FIRST_NAMES), size=n)
        last = rng.choice(np.array(cat.LAST_NAMES), size=n)
        user = np.char.add(np.char.add(first.astype(str), " "), last.astype(str)).astype(object)
        serial = rng.integers(100, 9999, size=n).astype(str)
        for kind, names in (("m2m", cat.DEVICE_NAMES), ("mobile_broadband", cat.MBB_NAMES),
                            ("fixed_voice", cat.FIXED_NAMES)):
            sel = stype == kind
            dev = rng.choice(np.array(names), size=sel.sum()).astype(str)
            user[sel] = np.char.add(np.char.add(dev, " "), serial[sel])
        prefixes = np.where(stype == "fixed_voice", rng.choice([9, 2, 3], size=n),
                            rng.choice([40, 41, 44, 45, 46, 50], size=n))
        numbers = rng.integers(1_000_000, 9_999_999, size=n)
        full = prefixes.astype(np.int64) * 10_000_000 + numbers
        # make numbers unique across the whole data set, deterministically
        full = _unique_numbers(full, used_numbers)
        phone = np.char.add("+358", full.astype(str))

        frames.append(pd.DataFrame({
            "org_id": org.org_id,
            "subscription_id": [f"{org.org_id[:3].upper()}{i:07d}" for i in range(1, n + 1)],
            "phone_number": phone, "user_name": user, "cost_centre": centre,
            "plan": plan, "service_type": stype, "opened_on": opened, "closed_on": closed,
            "persona": persona, "oversized": oversized, "usage_stop": usage_stop,
        }))
    subs = pd.concat(frames, ignore_index=True)
    subs["opened_on"] = pd.to_datetime(subs["opened_on"]).dt.date
    subs["closed_on"] = pd.to_datetime(subs["closed_on"]).dt.date
    return subs


def _unique_numbers(full: np.ndarray, used: set[int]) -> np.ndarray:
    uniq, first_idx = np.unique(full, return_index=True)
    out = full.copy()
    dup = np.ones(len(full), dtype=bool)
    dup[first_idx] = False
    clash = np.isin(full, np.fromiter(used, dtype=np.int64, count=len(used))) if used else \
        np.zeros(len(full), dtype=bool)
    taken = used | set(uniq.tolist())
    for i in np.flatnonzero(dup | clash):  # rare: a handful per 100,000
        candidate = int(out[i])
        while candidate in taken:
            candidate += 1
        out[i] = candidate
        taken.add(candidate)
    used |= set(out.tolist())
    return out


def _usage_params(subs: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
    n = len(subs)
    table = np.array([PERSONAS[p] for p in subs.persona])
    # individual variation around the persona
    spread = rng.lognormal(0.0, 0.45, size=n)
    spread[subs.persona.to_numpy() == "iot"] = rng.lognormal(0.0, 0.15, size=(subs.persona == "iot").sum())
    start64 = np.datetime64(period.start, "D")
    end64 = np.datetime64(period.end, "D")
    opened = np.maximum(subs.opened_on.to_numpy(dtype="datetime64[D]"), start64)
    last = np.full(n, end64)
    closed = pd.to_datetime(subs.closed_on).to_numpy(dtype="datetime64[D]")
    stop = subs.usage_stop.to_numpy(dtype="datetime64[D]")
    last = np.where(np.isnat(closed), last, np.minimum(last, closed))
    last = np.where(np.isnat(stop), last, np.minimum(last, stop))
    return pd.DataFrame({
        "sidx": np.arange(n, dtype=np.int64),
        "org_id": subs.org_id, "subscription_id": subs.subscription_id,
        "d0": _day_index(opened, period.start), "d1": _day_index(last, period.start),
        "data_mu": table[:, 0] * spread, "p_data": table[:, 1],
        "voice_mu": table[:, 2] * spread, "p_voice": table[:, 3],
        "sms_mu": table[:, 4], "p_sms": table[:, 5], "steady": table[:, 6].astype(bool),
        "fixed": (subs.service_type == "fixed_voice").to_numpy(),
    })


def _trips(subs: pd.DataFrame, params: pd.DataFrame, period: Period,
           rng: np.random.Generator) -> pd.DataFrame:
    """At most one trip a month per subscription: (sidx, first day, last day, country ...)."""
    n, m = len(subs), len(period.months)
    travels = subs.persona.isin(VOICE_PERSONAS).to_numpy()
    propensity = np.where(travels, rng.lognormal(-0.3, 0.9, size=n), 0.0)
    month_no = np.array([d.month for d in period.months])
    season = np.select([np.isin(month_no, (6, 7, 8)), month_no == 12, np.isin(month_no, (2, 3))],
                       [2.6, 1.5, 1.3], 1.0)
    happens = rng.random((n, m)) < np.clip(0.05 * propensity[:, None] * season[None, :], 0, 0.9)
    si, mi = np.nonzero(happens)
    month_start = np.array([(d - period.start).days for d in period.months])
    start = month_start[mi] + rng.integers(0, 15, size=len(si))
    length = rng.integers(2, 13, size=len(si))
    eu = rng.random(len(si)) < 0.8
    country = np.where(eu, rng.choice(np.array(cat.EU_COUNTRIES), size=len(si)),
                       rng.choice(np.array(cat.NON_EU_COUNTRIES), size=len(si)))
    careless = (~eu) & (rng.random(len(si)) < 0.12)        # bill shocks
    data_factor = np.where(eu, 1.0, np.where(careless, 1.2, 0.12))
    price_mb = np.array([cat.ZONE_PRICE_PER_MB.get(c, 0.0) for c in country])
    trips = pd.DataFrame({"sidx": si.astype(np.int64), "t0": start, "t1": start + length - 1,
                          "country": country, "eu": eu, "data_factor": data_factor,
                          "price_mb": price_mb})
    # keep only the part of a trip inside the subscription's active days
    d0 = params.d0.to_numpy()[si]
    d1 = params.d1.to_numpy()[si]
    trips["t0"] = np.maximum(trips.t0, d0)
    trips["t1"] = np.minimum(trips.t1, d1)
    return trips[trips.t0 <= trips.t1].reset_index(drop=True)


def _days(period: Period) -> pd.DataFrame:
    dates = pd.date_range(period.start, period.end, freq="D")
    month = dates.month.to_numpy()
    dow = dates.day_of_week.to_numpy()
    weekend = dow >= 5
    # summer holidays: less work calls in July, Christmas week quieter
    season_voice = np.select([month == 7, (month == 12) & (dates.day.to_numpy() >= 22)],
                             [0.55, 0.6], 1.0) * np.where(weekend, 0.35, 1.0)
    season_data = np.select([np.isin(month, (6, 7, 8))], [1.15], 1.0) * np.where(weekend, 1.1, 1.0)
    return pd.DataFrame({"d": np.arange(len(dates), dtype=np.int64), "day_date": dates.date,
                         "season_voice": season_voice, "season_data": season_data,
                         "weekend": weekend})


_USAGE_SQL = """
INSERT INTO usage_daily
WITH sd AS (
    SELECT s.*, dd.d, dd.day_date, dd.season_voice, dd.season_data, dd.weekend,
           td.country AS trip_country, td.eu, td.data_factor, td.price_mb
    FROM gen_subs s
    JOIN gen_days dd ON dd.d BETWEEN s.d0 AND s.d1
    LEFT JOIN gen_trip_days td ON td.sidx = s.sidx AND td.d = dd.d
    WHERE s.sidx BETWEEN $lo AND $hi
), typed AS (
    SELECT sd.*, k.k,
           (hash(sd.sidx, sd.d, k.k, $seed) % 1000003)::DOUBLE / 1000003 AS u1,
           ((hash(sd.sidx, sd.d, k.k + 10, $seed) % 1000003) + 1)::DOUBLE / 1000004 AS u2
    FROM sd, (VALUES (0), (1), (2), (3)) k(k)
), q AS (
    SELECT org_id, subscription_id, day_date, k, trip_country, eu, price_mb,
        CASE k
          WHEN 0 THEN CASE WHEN u1 < p_data THEN
                 CASE WHEN steady THEN data_mu * (0.8 + 0.4 * u2)
                      ELSE data_mu * season_data * -ln(u2) END
                 * coalesce(data_factor, 1.0) END
          WHEN 1 THEN CASE WHEN u1 < p_voice * (CASE WHEN fixed AND weekend THEN 0.05 ELSE 1 END)
                 THEN voice_mu * season_voice * -ln(u2) * (CASE WHEN eu = false THEN 0.3 ELSE 1 END) END
          WHEN 2 THEN CASE WHEN u1 < p_sms THEN ceil(sms_mu * -ln(u2)) END
          WHEN 3 THEN CASE WHEN u1 < p_sms * 0.02 THEN 1 END
        END AS qty
    FROM typed
)
SELECT org_id, subscription_id, day_date,
       (['data_mb', 'voice_min', 'sms', 'mms'])[k + 1]::usage_type,
       round(qty, 3)::DECIMAL(18, 3),
       coalesce(trip_country, 'FI'),
       CASE WHEN eu = false THEN round(CASE k
              WHEN 0 THEN round(qty, 3) * price_mb
              WHEN 1 THEN round(qty, 3) * $price_min
              ELSE round(qty, 3) * $price_sms END, 4)::DECIMAL(18, 4) END
FROM q
WHERE qty > 0.0005
ORDER BY subscription_id, day_date, k
"""


def _services(orgs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for org in orgs.itertuples():
        k = int(np.clip(4 + org.n_subs // 150, 5, len(cat.SERVICES)))
        picked = sorted(rng.choice(len(cat.SERVICES), size=k, replace=False))
        for j, i in enumerate(picked, start=1):
            name, category, sla = cat.SERVICES[i]
            (r1, s1), (r2, s2), (r3, s3), (r4, s4) = cat.SUPPORT_SLA
            rows.append({"org_id": org.org_id, "service_id": f"{org.org_id.upper()}-SVC{j:02d}",
                         "name": name, "category": category, "sla_availability_pct": sla,
                         "response_p1_h": r1, "response_p2_h": r2, "response_p3_h": r3,
                         "response_p4_h": r4, "resolve_p1_h": s1, "resolve_p2_h": s2,
                         "resolve_p3_h": s3, "resolve_p4_h": s4})
    return pd.DataFrame(rows)


def _events(services: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
    """Incidents and maintenance windows over the period, one ongoing at "now" and some
    maintenance scheduled after it."""
    t0 = np.datetime64(dt.datetime.combine(period.start, dt.time()), "m")
    now = np.datetime64(period.now, "m")
    span = int((now - t0) / np.timedelta64(1, "m"))
    frames = []
    for idx, svc in enumerate(services.itertuples()):
        reliability = rng.lognormal(0, 0.6)
        n_inc = rng.poisson(18 * reliability)
        start = t0 + rng.integers(0, span, size=n_inc).astype("timedelta64[m]")
        status = rng.choice(np.array(["degraded", "partial_outage", "major_outage"]),
                            size=n_inc, p=[0.5, 0.35, 0.15])
        minutes = np.clip(rng.lognormal(4.2, 0.9, size=n_inc), 5, 16 * 60).astype(int)
        # maintenance: about monthly, at night, announced; two more scheduled ahead
        n_mnt = len(period.months) + 2
        mstart = (np.array([np.datetime64(d, "m") for d in period.months] +
                           [now + np.timedelta64(6 * 24 * 60, "m"), now + np.timedelta64(20 * 24 * 60, "m")])
                  + rng.integers(5, 25, size=n_mnt).astype("timedelta64[D]"))
        mstart = mstart.astype("datetime64[D]").astype("datetime64[m]") + np.timedelta64(22 * 60, "m")
        keep = rng.random(n_mnt) < 0.55
        keep[-2:] = idx % 3 == 0
        mstart = mstart[keep]
        mmins = rng.choice([60, 120, 180, 240], size=len(mstart))
        starts = np.concatenate([start, mstart])
        ends = starts + np.concatenate([minutes, mmins]).astype("timedelta64[m]")
        statuses = np.concatenate([status, np.full(len(mstart), "maintenance")])
        ongoing = (starts <= now) & (ends > now) & (statuses != "maintenance")
        ends = ends.astype("datetime64[m]").astype(object)
        ends = np.array([None if o else e for e, o in zip(ends, ongoing, strict=True)], dtype=object)
        titles = [cat.INCIDENT_TITLES[s][int(rng.integers(0, 3))] for s in statuses]
        frames.append(pd.DataFrame({"org_id": svc.org_id, "service_id": svc.service_id,
                                    "starts_at": starts, "ends_at": ends,
                                    "status": statuses, "title": titles}))
    events = pd.concat(frames, ignore_index=True)
    # guarantee one ongoing incident at "now" in the first organisation's first network service
    first = services.iloc[int(np.argmax(services.category.to_numpy() == "network"))]
    events = pd.concat([events, pd.DataFrame([{
        "org_id": first.org_id, "service_id": first.service_id,
        "starts_at": now - np.timedelta64(95, "m"), "ends_at": None,
        "status": "partial_outage", "title": "Alueellinen häiriö: yhteyskatkoja Tampereella"}])],
        ignore_index=True)
    events["starts_at"] = pd.to_datetime(events.starts_at)
    events["ends_at"] = pd.to_datetime(events.ends_at)
    events = events[events.starts_at >= pd.Timestamp(period.start)].sort_values(
        ["org_id", "starts_at", "service_id"], kind="stable").reset_index(drop=True)
    events["event_id"] = events.org_id.str.upper() + "-E" + (events.groupby("org_id").cumcount() + 1).astype(str).str.zfill(5)
    return events[["org_id", "service_id", "event_id", "starts_at", "ends_at", "status", "title"]]


def _tickets(orgs: pd.DataFrame, services: pd.DataFrame, period: Period,
             rng: np.random.Generator) -> pd.DataFrame:
    t0 = np.datetime64(dt.datetime.combine(period.start, dt.time()), "m")
    now = np.datetime64(period.now, "m")
    span = int((now - t0) / np.timedelta64(1, "m"))
    frames = []
    sla = np.array(cat.SUPPORT_SLA, dtype=float)
    for org in orgs.itertuples():
        svc = services[services.org_id == org.org_id].service_id.to_numpy()
        n = min(int(40 + org.n_subs * 1.5 * len(period.months) / 24), 50_000)
        opened = t0 + rng.integers(0, span, size=n).astype("timedelta64[m]")
        pri = rng.choice(4, size=n, p=[0.03, 0.12, 0.5, 0.35])
        # response and resolution as a fraction of the SLA: about 1 in 10 breaches
        resp_frac = rng.lognormal(-1.2, 0.75, size=n)
        res_frac = rng.lognormal(-0.75, 0.55, size=n)
        resp = opened + (resp_frac * sla[pri, 0] * 60).astype("timedelta64[m]")
        res = resp + (res_frac * sla[pri, 1] * 60).astype("timedelta64[m]")
        # the newest requests are still open; a few old ones are stuck
        age_days = (now - opened) / np.timedelta64(1, "D")
        luck = rng.random(n)
        still_open = (res > now) | ((age_days < 10) & (luck < 0.35)) | (
            (age_days < 60) & (luck < 0.04))
        responded = resp <= now
        status = np.where(still_open, np.where(responded, "in_progress", "open"),
                          np.where(age_days > 14, "closed", "resolved"))
        frames.append(pd.DataFrame({
            "org_id": org.org_id, "service_id": rng.choice(svc, size=n),
            "priority": np.array(["P1", "P2", "P3", "P4"])[pri],
            "opened_at": opened,
            "first_response_at": np.where(responded, resp, np.datetime64("NaT")),
            "resolved_at": np.where(still_open, np.datetime64("NaT"), res),
            "status": status,
            "subject": rng.choice(np.array(cat.TICKET_SUBJECTS), size=n),
        }))
    t = pd.concat(frames, ignore_index=True).sort_values(["org_id", "opened_at"], kind="stable")
    t["ticket_id"] = t.org_id.str.upper() + "-T" + (t.groupby("org_id").cumcount() + 1).astype(str).str.zfill(6)
    return t[["org_id", "ticket_id", "service_id", "priority", "opened_at", "first_response_at",
              "resolved_at", "status", "subject"]].reset_index(drop=True)


def _one_time(subs: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
    """Device purchases and SIM changes: (org, month, subscription, description, amount)."""
    n, m = len(subs), len(period.months)
    voice = subs.service_type.isin(["mobile_voice", "mobile_broadband"]).to_numpy()
    device = (rng.random((n, m)) < 0.007) & voice[:, None]
    sim = rng.random((n, m)) < 0.006
    rows = []
    for mask, desc, prices in ((device, "Puhelin", (299.0, 449.0, 749.0, 1099.0)),
                               (sim, "SIM-kortin vaihto", (15.0,))):
        si, mi = np.nonzero(mask)
        rows.append(pd.DataFrame({
            "sidx": si, "month_idx": mi, "description": desc,
            "amount": rng.choice(np.array(prices), size=len(si)),
        }))
    out = pd.concat(rows, ignore_index=True)
    months = np.array(period.months, dtype="datetime64[D]")
    out["invoice_month"] = pd.to_datetime(months[out.month_idx]).date
    out["org_id"] = subs.org_id.to_numpy()[out.sidx]
    out["subscription_id"] = subs.subscription_id.to_numpy()[out.sidx]
    # only while the subscription is open
    opened = subs.opened_on.to_numpy()[out.sidx]
    closed = subs.closed_on.to_numpy()[out.sidx]
    ok = (opened <= out.invoice_month) & np.array(
        [c is None or pd.isna(c) or c >= mth for c, mth in zip(closed, out.invoice_month, strict=True)])
    return out[ok][["org_id", "invoice_month", "subscription_id", "description", "amount"]]


_CHARGES_SQL = """
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity,
                     unit, amount, currency, country, source, sub_cost_centre, sub_service_type,
                     sub_plan)
WITH months AS (
    SELECT m AS month, last_day(m) AS month_end, day(last_day(m)) AS month_days
    FROM (SELECT unnest($months::DATE[]) AS m)
), active AS (
    SELECT s.org_id, s.subscription_id, s.plan, mo.month, mo.month_days,
           least(coalesce(s.closed_on, mo.month_end), mo.month_end)
             - greatest(s.opened_on, mo.month) + 1 AS active_days
    FROM subscriptions s JOIN months mo
      ON s.opened_on <= mo.month_end AND coalesce(s.closed_on, mo.month_end) >= mo.month
), usage_m AS (
    SELECT org_id, subscription_id, month,
           sum(quantity) FILTER (WHERE usage_type = 'data_mb') AS data_mb,
           sum(quantity) FILTER (WHERE usage_type = 'voice_min') AS voice_min,
           sum(quantity) FILTER (WHERE usage_type IN ('sms', 'mms')) AS sms
    FROM usage_monthly WHERE amount IS NULL GROUP BY ALL
)
-- in month order with the subscription's attributes, as the importer writes them
SELECT l.*, s.cost_centre, s.service_type, s.plan
FROM (
SELECT a.org_id, a.month, a.subscription_id, 'monthly_fee', a.plan,
       round(a.active_days / a.month_days, 3), 'kk',
       round(p.monthly_fee * a.active_days / a.month_days, 2), 'EUR', NULL, 'demo'
FROM active a JOIN plans p USING (plan)
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Data kiintiön ylitys',
       ceil(u.data_mb / 1024 - p.data_gb), 'GB',
       ceil(u.data_mb / 1024 - p.data_gb) * p.data_overage_per_gb, 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.data_gb IS NOT NULL AND p.data_overage_per_gb > 0 AND u.data_mb / 1024 > p.data_gb
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Puhelut yli kiintiön',
       u.voice_min - p.voice_min, 'min',
       round((u.voice_min - p.voice_min) * p.voice_per_min, 2), 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.voice_min IS NOT NULL AND p.voice_per_min > 0 AND u.voice_min > p.voice_min
UNION ALL
SELECT u.org_id, u.month, u.subscription_id, 'usage', 'Viestit yli kiintiön',
       u.sms - p.sms, 'kpl', round((u.sms - p.sms) * p.sms_each, 2), 'EUR', NULL, 'demo'
FROM usage_m u JOIN subscriptions s USING (org_id, subscription_id) JOIN plans p USING (plan)
WHERE p.sms IS NOT NULL AND p.sms_each > 0 AND u.sms > p.sms
UNION ALL
SELECT org_id, month, subscription_id, 'roaming',
       CASE usage_type WHEN 'data_mb' THEN 'Verkkovierailu data, '
                       WHEN 'voice_min' THEN 'Verkkovierailu puhelut, '
                       ELSE 'Verkkovierailu viestit, ' END || country,
       CASE WHEN usage_type = 'data_mb' THEN round(quantity / 1024, 3) ELSE quantity END,
       CASE usage_type WHEN 'data_mb' THEN 'GB' WHEN 'voice_min' THEN 'min' ELSE 'kpl' END,
       amount, 'EUR', country, 'demo'
FROM (SELECT org_id, subscription_id, month, country,
             CASE WHEN usage_type = 'mms' THEN 'sms' ELSE usage_type::VARCHAR END AS usage_type,
             sum(quantity) AS quantity, sum(amount) AS amount
      FROM usage_monthly WHERE amount IS NOT NULL GROUP BY ALL)
UNION ALL
SELECT org_id, invoice_month, subscription_id, 'one_time', description, 1, 'kpl', amount,
       'EUR', NULL, 'demo'
FROM gen_one_time
) l
LEFT JOIN subscriptions s USING (org_id, subscription_id)
ORDER BY l.org_id, l.month, l.subscription_id
"""

_ORG_CHARGES_SQL = """
INSERT INTO charges (org_id, invoice_month, subscription_id, category, description, quantity,
                     unit, amount, currency, source)
SELECT org_id, invoice_month, NULL, 'discount', 'Sopimusalennus kuukausimaksuista 8 %', 1, 'kpl',
       round(-0.08 * sum(amount), 2), 'EUR', 'demo'
FROM charges WHERE category = 'monthly_fee' GROUP BY org_id, invoice_month
UNION ALL
SELECT o.org_id, m, NULL, 'service', 'Fokus-raportointipalvelu', 1, 'kk',
       CASE WHEN o.org_id = 'saimaa' THEN 150 ELSE 200 END, 'EUR', 'demo'
FROM organisations o, (SELECT unnest($months::DATE[]) AS m)
UNION ALL
SELECT o.org_id, m, NULL, 'service', 'Palvelunhallinta ja SLA-raportointi', 1, 'kk',
       round(250 + 0.35 * (SELECT count(*) FROM subscriptions s WHERE s.org_id = o.org_id), 2),
       'EUR', 'demo'
FROM organisations o, (SELECT unnest($months::DATE[]) AS m)
"""


def generate(con: duckdb.DuckDBPyConnection, *, scale: str = "small", seed: int = 1,
             today: dt.date | None = None,
             progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Fill an empty schema with demo data. Returns row counts per table."""
    if scale not in cat.SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(cat.SCALES)}")
    today = today or dt.date.today()
    period = period_for(today)
    rng = np.random.default_rng(seed)
    step = progress or (lambda label, n: None)

    step("organisations and cost centres", 1)
    orgs = _organisations(scale)
    centres = pd.concat([_cost_centres(o.org_id, o.n_subs, rng) for o in orgs.itertuples()],
                        ignore_index=True)
    _insert(con, "organisations", orgs[["org_id", "name", "business_id", "sector"]])
    _insert(con, "cost_centres", centres)
    plans = pd.DataFrame(cat.PLANS, columns=["plan", "service_type", "monthly_fee", "data_gb",
                                             "voice_min", "sms", "data_overage_per_gb",
                                             "voice_per_min", "sms_each"])
    _insert(con, "plans", plans)

    step("subscriptions", 1)
    subs = _subscriptions(orgs, centres, period, rng)
    _insert(con, "subscriptions", subs[["org_id", "subscription_id", "phone_number", "user_name",
                                        "cost_centre", "plan", "service_type", "opened_on",
                                        "closed_on"]])
    gen_subs = _usage_params(subs, period, rng)
    trips = _trips(subs, gen_subs, period, rng)
    trip_days = trips.loc[trips.index.repeat(trips.t1 - trips.t0 + 1)].copy()
    trip_days["d"] = trip_days.t0 + trip_days.groupby(level=0).cumcount()
    gen_trip_days = trip_days[["sidx", "d", "country", "eu", "data_factor", "price_mb"]]
    gen_days = _days(period)
    con.register("gen_subs", gen_subs)
    con.register("gen_days", gen_days)
    con.register("gen_trip_days", gen_trip_days)

    n = len(gen_subs)
    chunks = list(range(0, n, CHUNK_SUBSCRIPTIONS))
    for lo in chunks:
        hi = min(lo + CHUNK_SUBSCRIPTIONS, n) - 1
        con.execute(_USAGE_SQL, {"lo": lo, "hi": hi, "seed": seed,
                                 "price_min": cat.ZONE_PRICE_PER_MIN,
                                 "price_sms": cat.ZONE_PRICE_PER_SMS})
        step("daily usage", hi - lo + 1)
    step("monthly usage", 1)
    derive_usage_monthly(con, orgs.org_id.tolist())

    step("invoice lines", 1)
    gen_one_time = _one_time(subs, period, rng)
    con.register("gen_one_time", gen_one_time)
    months = list(period.months)
    con.execute(_CHARGES_SQL, {"months": months})
    con.execute(_ORG_CHARGES_SQL, {"months": months})
    derive_invoices(con, orgs.org_id.tolist())

    step("services, incidents and support requests", 1)
    services = _services(orgs, rng)
    events = _events(services, period, rng)
    tickets = _tickets(orgs, services, period, rng)
    _insert(con, "services", services)
    _insert(con, "service_events", events)
    _insert(con, "tickets", tickets)

    info = {"demo": "true", "now": period.now.isoformat(), "seed": str(seed), "scale": scale,
            "period_start": period.start.isoformat(), "period_end": period.end.isoformat()}
    con.executemany("INSERT OR REPLACE INTO dataset_info VALUES (?, ?)", list(info.items()))
    for name in ("gen_subs", "gen_days", "gen_trip_days", "gen_one_time"):
        con.unregister(name)
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]  # noqa: S608 (fixed names)
            for t in ("organisations", "cost_centres", "plans", "subscriptions", "usage_daily",
                      "usage_monthly", "charges", "invoices", "services", "service_events",
                      "tickets")}


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a DataFrame whose columns are the table's, in order (table is a fixed name)."""
    con.register("_gen_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _gen_frame")  # noqa: S608
    finally:
        con.unregister("_gen_frame")


def subscription_count(scale: str) -> int:
    return sum(cat.SCALES[scale])
