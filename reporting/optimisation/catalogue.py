"""What the operator sells, as the optimisation rules see it: the plan catalogue (the analytical
database's ``plans``, through ``optimisation_plans.sql``) and the roaming packages on offer
(``data/roaming_packages.csv``, data the operator maintains, not code)."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from reporting.core import config
from reporting.core.db import Database

ROAMING_PACKAGES_FILE = config.DATA_DIR / "roaming_packages.csv"


@dataclass(frozen=True)
class RoamingPackage:
    package: str
    monthly_fee: float
    data_gb: float
    countries: frozenset[str]


def roaming_packages(path: Path | None = None) -> tuple[RoamingPackage, ...]:
    """The roaming packages on offer: a data file the operator maintains, re-read when it
    changes."""
    path = Path(path or ROAMING_PACKAGES_FILE)
    return _read_packages(path, path.stat().st_mtime_ns)


@cache
def _read_packages(path: Path, mtime_ns: int) -> tuple[RoamingPackage, ...]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out.append(RoamingPackage(
                    row["package"].strip(), float(row["monthly_fee"]), float(row["data_gb"]),
                    frozenset(c.strip().upper() for c in row["countries"].split() if c.strip())))
            except (KeyError, ValueError, AttributeError) as exc:
                raise ValueError(f"{path.name} row {n}: expected package, monthly_fee, data_gb, "
                                 f"countries ({exc})") from None
    return tuple(out)


def reference_allowance(plan: dict, plans: pd.DataFrame) -> float | None:
    """A plan's data allowance; for an unlimited plan the largest finite allowance of its
    service type (the use of an unlimited plan is judged against the biggest fixed plan)."""
    if plan.get("data_gb") is not None and not math.isnan(plan["data_gb"]):
        return float(plan["data_gb"]) if plan["data_gb"] > 0 else None
    same = plans[(plans.service_type == plan["service_type"]) & plans.data_gb.notna()
                 & (plans.data_gb > 0)]
    return float(same.data_gb.max()) if len(same) else None


def catalogue_plans(db: Database, service_type: str | None = None) -> pd.DataFrame:
    """Catalogue plans (of one service type), cheapest first: the choices for a change of plan."""
    plans = db.named("optimisation/optimisation_plans")
    if service_type:
        plans = plans[plans.service_type == service_type]
    return plans.sort_values(["monthly_fee", "plan"]).reset_index(drop=True)


def plan_names(db: Database, service_type: str | None = None) -> list[str]:
    """The names of ``catalogue_plans``, cheapest first."""
    return list(catalogue_plans(db, service_type).plan)
