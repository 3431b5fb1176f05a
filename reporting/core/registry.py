"""Report functions: ``(db, scope, **filters) -> DataFrame``, one per table a user sees.

Every report is registered by name with ``@report``; pages (through cached loaders), CSV/XLSX
exports and the CLI all call the same function, so they cannot disagree. ``all_reports()``
imports the domain modules listed in ``REPORT_MODULES``, which register their reports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database

ReportFunc = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    func: ReportFunc
    title_key: str          # i18n key of the report's title
    exportable: bool = True  # offered by `python -m reporting export`


_REGISTRY: dict[str, ReportSpec] = {}


def report(name: str, title_key: str, *, exportable: bool = True) -> Callable[[ReportFunc], ReportFunc]:
    def register(func: ReportFunc) -> ReportFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"report {name!r} registered twice")
        _REGISTRY[name] = ReportSpec(name, func, title_key, exportable)
        return func
    return register


# The modules that define reports (one line per module; a new report module adds its line).
REPORT_MODULES = (
    "reporting.costs.reports",
    "reporting.costs.deviations",
    "reporting.costs.usage",
    "reporting.costs.home",
    "reporting.costs.employee",
    "reporting.services.reports",
    "reporting.optimisation.reports",
    "reporting.messages.saldoviesti",
    "reporting.cloud.reports",
    "reporting.cloud.fx",
    "reporting.devices.reports",
    "reporting.service_orders.reports",
    "reporting.budgets.reports",
)


@cache
def _import_all() -> None:
    for name in REPORT_MODULES:
        importlib.import_module(name)


def all_reports() -> dict[str, ReportSpec]:
    _import_all()
    return dict(sorted(_REGISTRY.items()))


def run_report(name: str, db: Database, scope: Scope, **filters) -> pd.DataFrame:
    spec = all_reports().get(name)
    if spec is None:
        raise KeyError(f"unknown report {name!r}")
    return spec.func(db.for_org(scope.org_id), scope, **filters)


def scoped_params(scope: Scope, **params) -> dict:
    """The scope's bound parameters merged with a report's own."""
    return {**scope.params(), **params}
