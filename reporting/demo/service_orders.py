"""Demo service orders in flight: new subscriptions, devices, changes, terminations and other
orders of the last twelve months, each with the operator's promised date by type. Most were
delivered, mostly on time, a few late and a few cancelled; the newest are still open
(received, in progress or waiting for the customer), a few of them past their promise.

Drawn from a random generator of its own (seeded with the demo seed), after every other
entity, so adding orders changed none of the other tables. Vectorised with numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from reporting.demo.generator import Period

TYPES = ("new_subscription", "device", "change", "termination", "other")
TYPE_SHARES = (0.25, 0.35, 0.25, 0.1, 0.05)
PROMISE_DAYS = {"new_subscription": 7, "device": 10, "change": 3, "termination": 14, "other": 10}
ORDER_SHARE = 0.15            # orders a year per subscription
MIN_ORDERS = 40
LATE_SHARE = 0.12             # deliveries after the promise
CANCEL_SHARE = 0.04
STUCK_OPEN = 3                # at least this many open orders past their promise, per organisation
ORDER_COLUMNS = ["org_id", "order_id", "order_type", "for_whom", "cost_centre", "subscription_id",
                 "ordered_at", "promised_by", "state", "state_at", "delivered_at"]


def service_orders(subs: pd.DataFrame, centres: pd.DataFrame, period: Period, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 1705])
    now = pd.Timestamp(period.now)
    frames = []
    for org_id, org_subs in subs.groupby("org_id", sort=True):
        s = org_subs.sort_values("subscription_id").reset_index(drop=True)
        tops = centres[(centres.org_id == org_id)].code.sort_values().to_numpy()
        n = max(MIN_ORDERS, int(len(s) * ORDER_SHARE))
        kind = rng.choice(np.array(TYPES), size=n, p=TYPE_SHARES)
        promise = np.array([PROMISE_DAYS[k] for k in kind])
        # when: the last 365 days, in office hours
        ago = rng.random(n) * 365
        ordered = (now - pd.to_timedelta(ago, unit="D")).floor("D") + pd.to_timedelta(
            rng.integers(8 * 60, 16 * 60, size=n), unit="min")
        ordered = pd.DatetimeIndex(ordered)
        promised = (ordered.normalize() + pd.to_timedelta(promise, unit="D"))
        # how long it takes: mostly within the promise, some later
        late = rng.random(n) < LATE_SHARE
        share = np.where(late, 1.05 + rng.random(n) * 1.5, 0.2 + rng.random(n) * 0.75)
        took = pd.to_timedelta(np.maximum(promise * share, 0.1), unit="D")
        done = pd.DatetimeIndex(ordered + took).floor("min")
        # the last orders of the organisation (by time) stuck past their promise
        order_rank = np.argsort(np.argsort(ago))
        stuck = (order_rank >= 5) & (order_rank < 5 + STUCK_OPEN)
        stuck_ago = 20 + rng.random(n) * 25
        ordered = pd.DatetimeIndex(np.where(stuck, (now - pd.to_timedelta(stuck_ago, unit="D")).floor("h"), ordered))
        promised = pd.DatetimeIndex(np.where(stuck, ordered.normalize() + pd.to_timedelta(promise, unit="D"),
                                             promised))
        done = pd.DatetimeIndex(np.where(stuck, now + pd.Timedelta(days=1), done))
        open_ = done > now
        cancelled = ~open_ & (rng.random(n) < CANCEL_SHARE)
        state = np.where(open_, rng.choice(np.array(["received", "in_progress", "waiting_for_customer"]),
                                           size=n, p=(0.2, 0.55, 0.25)),
                         np.where(cancelled, "cancelled", "delivered"))
        span = (np.minimum(done.asi8, now.value) - ordered.asi8) * rng.random(n)
        state_at = pd.DatetimeIndex(ordered.asi8 + span.astype("int64")).floor("min")
        state_at = pd.DatetimeIndex(np.where(state == "received", ordered, state_at))
        state_at = pd.DatetimeIndex(np.where(state == "delivered", done, state_at))
        delivered = pd.Series(done).where(state == "delivered")
        # for whom: a subscription's user for subscription orders, a person for devices
        pick = rng.integers(0, len(s), size=n)
        with_sub = np.isin(kind, ("new_subscription", "change", "termination"))
        person = kind != "other"
        order = np.argsort(ordered.asi8, kind="stable")
        d = pd.DataFrame({
            "org_id": org_id,
            "order_type": kind,
            "for_whom": np.where(person, s.user_name.to_numpy()[pick], None),
            "cost_centre": np.where(person, s.cost_centre.to_numpy()[pick], rng.choice(tops, size=n)),
            "subscription_id": np.where(with_sub, s.subscription_id.to_numpy()[pick], None),
            "ordered_at": ordered, "promised_by": promised.date, "state": state,
            "state_at": state_at, "delivered_at": delivered.to_numpy(),
        }).iloc[order].reset_index(drop=True)
        d.insert(1, "order_id", [f"{org_id[:3].upper()}-T{i:06d}" for i in range(1, n + 1)])
        frames.append(d)
    out = pd.concat(frames, ignore_index=True)[ORDER_COLUMNS]
    out["promised_by"] = pd.to_datetime(out.promised_by)
    out["delivered_at"] = pd.to_datetime(out.delivered_at)
    return out
