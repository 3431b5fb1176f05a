"""Demo device base: a phone for every person's mobile subscription (a few use their own), a
laptop for most of them, tablets and routers for the mobile broadband subscriptions, network
gear per organisation, a spare pool in stock (some of it still leased), some devices in
repair, leases ending soon and devices left on closed subscriptions; and each device's
history (assigned, repaired, returned, retired).

Drawn from a random generator of its own (seeded with the demo seed), after every other
entity, so adding devices changed none of the other tables. Vectorised with numpy: the large
scale's 100,000 subscriptions give about 140,000 devices and 160,000 events in about 1.3 s.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting.core.months import add_months

if TYPE_CHECKING:
    from reporting.demo.generator import Period

# (manufacturer, model, 8-digit type allocation code (IMEI prefix), monthly lease EUR)
MODELS = {
    "phone": (("Apple", "iPhone 15", "35332509", 34.90), ("Samsung", "Galaxy S24", "35067312", 29.90),
              ("Samsung", "Galaxy A55", "35288116", 14.90), ("Nokia", "XR21", "35619807", 16.90)),
    "laptop": (("Lenovo", "ThinkPad T14", "", 45.00), ("HP", "EliteBook 840", "", 42.00),
               ("Apple", "MacBook Air 13", "", 49.00), ("Dell", "Latitude 5440", "", 39.00)),
    "tablet": (("Apple", "iPad 10.9", "35940110", 19.90), ("Samsung", "Galaxy Tab S9", "35201418", 21.90)),
    "network": (("Cisco", "Meraki MX68", "", 39.00), ("Huawei", "5G CPE Pro 2", "86720604", 12.90),
                ("Zyxel", "NR7101", "35541211", 9.90)),
}
WARRANTY_MONTHS = {"phone": 24, "laptop": 36, "tablet": 24, "network": 60}
LEASE_MONTHS = 36
LOCATIONS = ("Helsinki", "Espoo", "Tampere", "Turku", "Oulu", "Jyväskylä", "Kuopio", "Lahti",
             "Rovaniemi", "Vaasa")
OWN_PHONE_SHARE = 0.03        # people using their own phone: no device
LAPTOP_SHARE = 0.85
SECOND_PHONE_SHARE = 0.02     # a second phone (a work phone for a field team, a spare)
REPAIR_SHARE = 0.02
LEASED_SHARE = 0.8
STOCK_SHARE = 0.04            # spare pool, of the organisation's people
LEFT_ON_CLOSED_SHARE = 0.25   # devices of closed subscriptions not returned
DEVICE_COLUMNS = ["org_id", "device_id", "device_type", "model", "manufacturer", "serial_number",
                  "imei", "user_name", "cost_centre", "subscription_id", "status", "purchased_on",
                  "warranty_until", "lease_end", "monthly_lease", "location"]
EVENT_COLUMNS = ["org_id", "device_id", "event_type", "event_at", "user_name", "note"]


def luhn_digits(prefix: np.ndarray) -> np.ndarray:
    """Luhn check digits of an (n, 14) array of digits."""
    d = prefix.copy()
    doubled = d[:, 1::2] * 2                     # from the left: positions 2, 4 ... 14
    d[:, 1::2] = np.where(doubled > 9, doubled - 9, doubled)
    return (10 - d.sum(axis=1) % 10) % 10


def imeis(tacs: np.ndarray, serials: np.ndarray) -> np.ndarray:
    """IMEIs from 8-digit type codes and 6-digit serial numbers."""
    text = np.char.add(tacs.astype(str), np.char.zfill(serials.astype(str), 6))
    digits = np.frombuffer("".join(text).encode(), dtype=np.uint8).reshape(-1, 14) - 48
    check = luhn_digits(digits.astype(np.int64))
    return np.char.add(text, check.astype(str))


def _months(dates: np.ndarray, n: int) -> np.ndarray:
    return np.array([add_months(d, n + 1) - dt.timedelta(days=1) for d in dates.tolist()], dtype=object)


def devices(subs: pd.DataFrame, centres: pd.DataFrame, period: Period, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 17])
    today = period.now.date()
    frames = []
    for org_id, org_subs in subs.groupby("org_id", sort=True):
        s = org_subs.sort_values("subscription_id")
        voice = s[(s.service_type == "mobile_voice") & ~(rng.random(len(s)) < OWN_PHONE_SHARE)]
        people = voice[voice.closed_on.isna()]
        mbb = s[s.service_type == "mobile_broadband"]
        tops = centres[(centres.org_id == org_id) & centres.parent_code.isna()].code.to_numpy()
        parts = [
            # a phone on each mobile subscription (closed ones included: see below)
            pd.DataFrame({"device_type": "phone", "user_name": voice.user_name.to_numpy(),
                          "cost_centre": voice.cost_centre.to_numpy(),
                          "subscription_id": voice.subscription_id.to_numpy(),
                          "closed_on": voice.closed_on.to_numpy()}),
        ]
        with_laptop = people[rng.random(len(people)) < LAPTOP_SHARE]
        parts.append(pd.DataFrame({"device_type": "laptop", "user_name": with_laptop.user_name.to_numpy(),
                                   "cost_centre": with_laptop.cost_centre.to_numpy(),
                                   "subscription_id": None, "closed_on": None}))
        second = people[rng.random(len(people)) < SECOND_PHONE_SHARE]
        parts.append(pd.DataFrame({"device_type": "phone", "user_name": second.user_name.to_numpy(),
                                   "cost_centre": second.cost_centre.to_numpy(),
                                   "subscription_id": None, "closed_on": None}))
        kinds = np.where(mbb.user_name.str.startswith("Tabletti"), "tablet",
                         np.where(mbb.user_name.str.startswith("Kannettava"), "laptop", "network"))
        parts.append(pd.DataFrame({"device_type": kinds, "user_name": mbb.user_name.to_numpy(),
                                   "cost_centre": mbb.cost_centre.to_numpy(),
                                   "subscription_id": mbb.subscription_id.to_numpy(),
                                   "closed_on": mbb.closed_on.to_numpy()}))
        n_net = max(3, len(s) // 100)
        parts.append(pd.DataFrame({"device_type": "network", "user_name": None,
                                   "cost_centre": rng.choice(tops, size=n_net),
                                   "subscription_id": None, "closed_on": None}))
        n_stock = max(4, int(len(people) * STOCK_SHARE))
        parts.append(pd.DataFrame({"device_type": rng.choice(["phone", "laptop"], size=n_stock, p=[0.6, 0.4]),
                                   "user_name": None, "cost_centre": rng.choice(tops, size=n_stock),
                                   "subscription_id": None, "closed_on": None, "stock": True}))
        d = pd.concat(parts, ignore_index=True)
        d["stock"] = d["stock"].eq(True)
        n = len(d)
        d["org_id"] = org_id
        d["device_id"] = [f"{org_id[:3].upper()}-D{i:06d}" for i in range(1, n + 1)]
        # the model, its maker, IMEI type code and lease
        model_idx = np.zeros(n, dtype=int)
        manufacturer = np.empty(n, dtype=object)
        model = np.empty(n, dtype=object)
        tac = np.empty(n, dtype=object)
        lease = np.zeros(n)
        for kind, options in MODELS.items():
            sel = (d.device_type == kind).to_numpy()
            model_idx[sel] = rng.integers(0, len(options), size=sel.sum())
            for j, (maker, name, code, fee) in enumerate(options):
                pick = sel & (model_idx == j)
                manufacturer[pick], model[pick], tac[pick], lease[pick] = maker, name, code, fee
        d["manufacturer"], d["model"] = manufacturer, model
        has_imei = np.array([bool(c) for c in tac])
        serials = rng.permutation(1_000_000)[:n]
        imei = np.full(n, None, dtype=object)
        if has_imei.any():
            imei[has_imei] = imeis(np.array(tac[has_imei], dtype=str), serials[has_imei])
        d["imei"] = imei
        d["serial_number"] = [f"{m[:2].upper()}{x:08X}" for m, x in
                              zip(manufacturer, rng.integers(0, 2**32, size=n), strict=True)]
        # purchase: within the last 4 years (the lease of one bought 33-36 months ago ends soon)
        age_days = rng.integers(20, 4 * 365, size=n)
        purchased = np.array([today - dt.timedelta(days=int(a)) for a in age_days], dtype=object)
        d["purchased_on"] = purchased
        # warranty and lease run to the end of the month N months after the purchase month
        d["warranty_until"] = [add_months(p, WARRANTY_MONTHS[k] + 1) - dt.timedelta(days=1)
                               for p, k in zip(purchased, d.device_type, strict=True)]
        lease_end = _months(purchased, LEASE_MONTHS)
        leased = (rng.random(n) < LEASED_SHARE) & (lease_end >= today)
        d["lease_end"] = np.where(leased, lease_end, None)
        d["monthly_lease"] = np.where(leased, lease, np.nan)
        # status: a closed subscription's device is retired unless it was never returned
        closed = d.closed_on.notna().to_numpy()
        left_on_closed = closed & (rng.random(n) < LEFT_ON_CLOSED_SHARE)
        status = np.full(n, "in_use", dtype=object)
        status[closed & ~left_on_closed] = "retired"
        status[(status == "in_use") & (rng.random(n) < REPAIR_SHARE) & d.user_name.notna().to_numpy()] = "in_repair"
        stock = d.stock.to_numpy()
        status[stock] = "in_stock"
        d["status"] = status
        # a retired device is no longer leased
        retired = status == "retired"
        d.loc[retired, "lease_end"] = None
        d.loc[retired, "monthly_lease"] = np.nan
        d["location"] = rng.choice(np.array(LOCATIONS), size=n)
        d.loc[stock, "location"] = "Varasto"
        frames.append(d)
    out = pd.concat(frames, ignore_index=True)
    out["monthly_lease"] = out.monthly_lease.round(2)
    for col in ("purchased_on", "warranty_until", "lease_end", "closed_on"):
        out[col] = pd.to_datetime(out[col])
    return out


def device_events(devs: pd.DataFrame, period: Period, seed: int) -> pd.DataFrame:
    """Each device's history, every event at or before the data's now: assigned a few days
    after purchase (a stock device that had a user: assigned, then returned), repaired now
    and then, returned and retired with its closed subscription."""
    rng = np.random.default_rng([seed, 18])
    now = pd.Timestamp(period.now)
    n = len(devs)
    hours = pd.to_timedelta(rng.integers(8 * 60, 16 * 60, size=n), unit="min")
    assigned_at = devs.purchased_on + pd.to_timedelta(rng.integers(1, 6, size=n), unit="D") + hours
    had_user = devs.user_name.notna() | (devs.status == "in_stock") & (rng.random(n) < 0.5)
    frames = [pd.DataFrame({"device_id": devs.device_id, "org_id": devs.org_id, "event_type": "assigned",
                            "event_at": assigned_at, "user_name": devs.user_name, "note": None})[had_user]]
    # returned to stock: a spare that had a user
    back = (devs.status == "in_stock") & had_user
    frames.append(pd.DataFrame({"device_id": devs.device_id, "org_id": devs.org_id, "event_type": "returned",
                                "event_at": assigned_at + (now - assigned_at) * rng.uniform(0.3, 0.9, size=n),
                                "user_name": None, "note": None})[back])
    # repaired: some in-use devices once, the ones in repair now
    fixed = (devs.status == "in_use") & (rng.random(n) < 0.12)
    frames.append(pd.DataFrame({"device_id": devs.device_id, "org_id": devs.org_id, "event_type": "repaired",
                                "event_at": assigned_at + (now - assigned_at) * rng.uniform(0.2, 0.95, size=n),
                                "user_name": devs.user_name,
                                "note": rng.choice(np.array(["Näyttö vaihdettu", "Akku vaihdettu",
                                                            "Latausliitin korjattu", "Näppäimistö vaihdettu"]), size=n)})[fixed])
    # retired with the closed subscription: returned on its last day, retired the next week
    closed_at = devs.closed_on + pd.Timedelta(hours=15)
    gone = (devs.status == "retired") & devs.closed_on.notna()
    frames.append(pd.DataFrame({"device_id": devs.device_id, "org_id": devs.org_id, "event_type": "returned",
                                "event_at": closed_at, "user_name": None, "note": None})[gone])
    frames.append(pd.DataFrame({"device_id": devs.device_id, "org_id": devs.org_id, "event_type": "retired",
                                "event_at": closed_at + pd.Timedelta(days=7), "user_name": None,
                                "note": "Kierrätykseen"})[gone])
    ev = pd.concat(frames, ignore_index=True)
    ev = ev[(ev.event_at <= now) & ev.event_at.notna()]
    ev["event_at"] = ev.event_at.dt.floor("min")
    ev = ev.drop_duplicates(["org_id", "device_id", "event_at", "event_type"])
    return ev.sort_values(["org_id", "device_id", "event_at"], kind="stable")[EVENT_COLUMNS].reset_index(drop=True)
