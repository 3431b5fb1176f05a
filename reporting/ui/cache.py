"""Cached report loaders. The cache key is (report, data version of the scope's organisation,
scope key, filters): one user's result can never be served to another scope, and an import
invalidates the results of the organisation imported into, not the others' (the operator's,
across organisations, follow every write): ``Database.data_version``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from reporting.access.scope import Scope
from reporting.core.registry import run_report
from reporting.ui.context import get_db


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_freeze(v) for v in value]
        return tuple(sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else tuple(items)
    return value


# Reports that read the live service events (reporting.services.live) besides the database:
# their key also carries the events' version, so an event that arrives shows at the next run
# (the status page reruns every minute), without waiting for an import.
LIVE_PREFIXES = ("status-", "service-", "sla-", "tickets")


# One result object shared by every session (st.cache_resource), handed out as a shallow copy:
# pandas' copy-on-write (always on since pandas 3) gives each caller a frame of its own that
# shares the data until someone writes, and a write copies only what it changes. With
# st.cache_data every hit unpickled a private copy: a 100,000-row report once per session and
# run, and kept alive by the session's fragments, 130 MB a session (6.9 GB with 50 sessions).
@st.cache_resource(max_entries=512, ttl=3600, show_spinner=False)
def _cached(name: str, db_version: str, scope_key: tuple, filters: tuple, live_version: str = "") -> pd.DataFrame:
    scope = Scope.from_key(scope_key)
    return run_report(name, get_db(scope.org_id), scope, **dict(filters))


def load_report(name: str, scope: Scope, **filters: Any) -> pd.DataFrame:
    """Run a registered report through the bounded cache."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in filters.items()))
    db = get_db(scope.org_id)
    live_version = ""
    if name.startswith(LIVE_PREFIXES):
        from reporting.core import config
        from reporting.services.live import live_version_of

        live_version = live_version_of(config.state_path(Path(db.path)))
    return _cached(name, db.data_version(scope.org_id), scope.key(), frozen, live_version).copy(deep=False)
