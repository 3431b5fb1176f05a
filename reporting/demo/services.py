"""Demo services with their SLAs, incidents and maintenance windows (one ongoing at "now"),
and support requests with response and resolution times around the SLA."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting.demo import catalogue as cat

if TYPE_CHECKING:
    from reporting.demo.generator import Period


def services(orgs: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
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


def events(services: pd.DataFrame, period: Period, rng: np.random.Generator) -> pd.DataFrame:
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


def tickets(orgs: pd.DataFrame, services: pd.DataFrame, period: Period,
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
