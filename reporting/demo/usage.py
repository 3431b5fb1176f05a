"""Demo usage: each subscription's daily data, voice and messages from its persona, with trips
abroad (roaming), generated in DuckDB SQL from a few numpy-drawn parameters per subscription."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from reporting.core.sqlfiles import load_sql
from reporting.demo import catalogue as cat
from reporting.demo.organisations import VOICE_PERSONAS
from reporting.ingest.derive import derive_usage_monthly

if TYPE_CHECKING:
    import datetime as dt

    from reporting.demo.generator import Period

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


def _day_index(dates: np.ndarray, start: dt.date) -> np.ndarray:
    return (dates - np.datetime64(start, "D")).astype(np.int64)


def usage_params(subs: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
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


def trips(subs: pd.DataFrame, params: pd.DataFrame, period: Period,
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


def days(period: Period) -> pd.DataFrame:
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


def write_usage(con: duckdb.DuckDBPyConnection, subs: pd.DataFrame, period: Period,
                rng: np.random.Generator, seed: int, org_ids: list[str],
                step: Callable[[str, int], None]) -> None:
    """Daily usage of every subscription (reporting/sql/demo/usage_daily.sql, in chunks of
    subscriptions so memory stays bounded and rows land sorted by subscription), then the
    monthly tables derived from it as an import derives them."""
    gen_subs = usage_params(subs, period, rng)
    gen_trips = trips(subs, gen_subs, period, rng)
    trip_days = gen_trips.loc[gen_trips.index.repeat(gen_trips.t1 - gen_trips.t0 + 1)].copy()
    trip_days["d"] = trip_days.t0 + trip_days.groupby(level=0).cumcount()
    gen_trip_days = trip_days[["sidx", "d", "country", "eu", "data_factor", "price_mb"]]
    gen_days = days(period)
    frames = {"gen_subs": gen_subs, "gen_days": gen_days, "gen_trip_days": gen_trip_days}
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        n = len(gen_subs)
        for lo in range(0, n, CHUNK_SUBSCRIPTIONS):
            hi = min(lo + CHUNK_SUBSCRIPTIONS, n) - 1
            con.execute(load_sql("demo/usage_daily"), {"lo": lo, "hi": hi, "seed": seed,
                                                       "price_min": cat.ZONE_PRICE_PER_MIN,
                                                       "price_sms": cat.ZONE_PRICE_PER_SMS})
            step("daily usage", hi - lo + 1)
    finally:
        for name in frames:
            con.unregister(name)
    step("monthly usage", 1)
    derive_usage_monthly(con, org_ids)
