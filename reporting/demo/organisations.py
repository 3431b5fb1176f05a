"""Demo organisations, their cost centre hierarchies and subscriptions (with the persona that
drives each one's usage, its plan, opening and closing dates, user and phone number), drawn
with numpy from the generator's seeded random generator, in the generator's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting.core.identifiers import make_ytunnus
from reporting.demo import catalogue as cat

if TYPE_CHECKING:
    from reporting.demo.generator import Period

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


def organisations(scale: str) -> pd.DataFrame:
    sizes = cat.SCALES[scale]
    rows = []
    for (org_id, name, sector, digits, mix), n in zip(cat.ORGANISATIONS, sizes, strict=False):
        rows.append({"org_id": org_id, "name": name, "business_id": make_ytunnus(digits),
                     "sector": sector, "n_subs": n, "mix": mix})
    return pd.DataFrame(rows)


def cost_centres(org_id: str, n_subs: int, rng: np.random.Generator) -> pd.DataFrame:
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


def subscriptions(orgs: pd.DataFrame, centres: pd.DataFrame, period: Period,
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
