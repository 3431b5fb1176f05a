"""Synthetic, realistic and deterministic demo data.

Entities (organisations, cost centres, subscriptions, trips, services, events, tickets) are
drawn with numpy from one seeded generator. Daily usage, invoice lines and invoices are then
derived in DuckDB SQL, vectorised, in chunks of subscriptions so memory stays bounded and
usage rows land sorted by subscription (fast drill-down). Randomness inside SQL comes from
``hash(...)`` of the seed and row coordinates, so the result depends only on the seed and
the data's "now".

The output goes through ``reporting.ingest.derive`` helpers shared with the importer
(``derive_usage_monthly``, ``derive_invoices``), so the demo exercises the same derivations.

``generate`` is the entry point; the entities are in reporting.demo.organisations (orgs,
cost centres, subscriptions), .usage (daily usage), .billing (invoice lines and invoices) and
.services (services, incidents, support requests), their SQL in reporting/sql/demo/. They
draw from the one random generator in a fixed order, so the order of the steps below is part
of the output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from reporting.core.months import add_months, month_range, month_start, previous_month
from reporting.core.sqlfiles import load_sql
from reporting.demo import billing, devices, organisations, service_orders, services, usage
from reporting.demo import catalogue as cat


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
    firsts = month_range(add_months(today, -months), previous_month(today))
    return Period(
        now=dt.datetime.combine(today, dt.time(9, 0)),
        start=firsts[0], end=month_start(today) - dt.timedelta(days=1), months=tuple(firsts),
    )


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
    orgs = organisations.organisations(scale)
    centres = pd.concat([organisations.cost_centres(o.org_id, o.n_subs, rng) for o in orgs.itertuples()],
                        ignore_index=True)
    _insert(con, "organisations", orgs[["org_id", "name", "business_id", "sector"]])
    _insert(con, "cost_centres", centres)
    plans = pd.DataFrame(cat.PLANS, columns=["plan", "service_type", "monthly_fee", "data_gb",
                                             "voice_min", "sms", "data_overage_per_gb",
                                             "voice_per_min", "sms_each"])
    _insert(con, "plans", plans)
    org_ids = orgs.org_id.tolist()

    step("subscriptions", 1)
    subs = organisations.subscriptions(orgs, centres, period, rng)
    _insert(con, "subscriptions", subs[["org_id", "subscription_id", "phone_number", "user_name",
                                        "cost_centre", "plan", "service_type", "opened_on",
                                        "closed_on"]])
    usage.write_usage(con, subs, period, rng, seed, org_ids, step)

    step("invoice lines", 1)
    billing.write_charges(con, subs, period, rng, org_ids)

    step("services, incidents and support requests", 1)
    service_rows = services.services(orgs, rng)
    events = services.events(service_rows, period, rng)
    tickets = services.tickets(orgs, service_rows, period, rng)
    _insert(con, "services", service_rows)
    _insert(con, "service_events", events)
    _insert(con, "tickets", tickets)

    step("devices", 1)
    devs = devices.devices(subs, centres, period, seed)
    _insert(con, "devices", devs[devices.DEVICE_COLUMNS])
    _insert(con, "device_events", devices.device_events(devs, period, seed))

    step("service orders", 1)
    _insert(con, "service_orders", service_orders.service_orders(subs, centres, period, seed))

    info = {"demo": "true", "now": period.now.isoformat(), "seed": str(seed), "scale": scale,
            "period_start": period.start.isoformat(), "period_end": period.end.isoformat()}
    for key, value in info.items():
        con.execute(load_sql("core/dataset_set"), {"key": key, "value": value})
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]  # noqa: S608 (fixed names)
            for t in ("organisations", "cost_centres", "plans", "subscriptions", "usage_daily",
                      "usage_monthly", "charges", "invoices", "services", "service_events",
                      "tickets", "devices", "device_events", "service_orders")}


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a DataFrame whose columns are the table's, in order (table is a fixed name)."""
    con.register("_gen_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _gen_frame")  # noqa: S608
    finally:
        con.unregister("_gen_frame")


def subscription_count(scale: str) -> int:
    return sum(cat.SCALES[scale])
