"""Background warming of the caches shared by every session (issue 19).

The first visitor after a start or an import would otherwise pay the heavy computations of
the new data: the newest month's Saldoviesti messages of an organisation (~50 s cold for the
large demo) and the home page's headline, the first page a browser opens. Every page run
calls ``notice(db)`` (reporting/ui/context.py ``require_database``): it costs a dictionary
look-up, and when the database file is new to this process it hands the database to one
daemon thread per process, which warms the organisations whose data version
(``Database.data_version``) it has not warmed yet: after an import, only the organisation
imported into. ``python -m reporting serve`` also starts it as soon as the server runs,
before the first visitor (``warm_when_running``).

It never blocks a page run and never raises: a failure is logged, and the page that needs
the result computes it as it would have without the warmer (the Saldoviesti memo makes a
visitor who arrives during the warming wait for the same computation, not repeat it).
"""

from __future__ import annotations

import logging
import threading
import time

from reporting.core import config
from reporting.core.db import Database

_log = logging.getLogger(__name__)

_lock = threading.Lock()
_seen: dict[str, str] = {}                   # database path -> data_version(None) noticed
_warmed: dict[str, dict[str, str]] = {}      # database path -> {org: data version warmed}
_pending: dict[str, Database] = {}           # database path -> database to warm
_thread: threading.Thread | None = None


def notice(db: Database) -> threading.Thread | None:
    """Warm ``db`` in the background when its file changed since the last call (or at the
    first): returns the warming thread then (tests join it), else None. Cheap: no query
    unless the file was swapped, and then one (``data_version`` reads it once per file)."""
    global _thread
    if not config.background_warming():
        return None
    try:
        key = db.data_version(None)
    except Exception:                               # the page shows the database's problem
        _log.exception("cache warming: cannot read the data version of %s", db.path)
        return None
    path = str(db.path)
    with _lock:
        if _seen.get(path) == key:
            return None
        _seen[path] = key
        _pending[path] = db
        if _thread is not None and _thread.is_alive():
            return _thread                          # it takes the new version before it ends
        _thread = threading.Thread(target=_run, name="fokus-cache-warmer", daemon=True)
        _thread.start()
        return _thread


def _run() -> None:
    global _thread
    while True:
        with _lock:
            if not _pending:
                _thread = None
                return
            path, db = _pending.popitem()
        try:
            warm(db)
        except Exception:
            _log.exception("cache warming of %s failed", path)


def warm(db: Database) -> list[str]:
    """Warm the shared caches of every organisation whose data version changed since it was
    last warmed in this process (all of them the first time). Returns those organisations."""
    from reporting.core.db import stores
    from reporting.messages.saldoviesti import warm_latest_months

    if stores.is_catalogue(db.path):
        # a store root's catalogue holds no lines: each tenant's store is warmed when a page
        # of that organisation notices it (warming every tenant through the catalogue opened
        # all of them: 5,000 DuckDB instances, 10 GB in a few minutes)
        return []
    path = str(db.path)
    orgs = [r[0] for r in db.rows("SELECT org_id FROM organisations ORDER BY org_id")]
    versions = {org: db.data_version(org) for org in orgs}
    done = _warmed.setdefault(path, {})
    changed = [org for org in orgs if done.get(org) != versions[org]]
    if not changed:
        return []
    started = time.perf_counter()
    for org in changed:
        warm_latest_months(db, [org])
        _warm_home(db, org)
        done[org] = versions[org]
    _log.info("cache warming of %s: %s in %.1f s", path, ", ".join(changed), time.perf_counter() - started)
    return changed


def _warm_home(db: Database, org: str) -> None:
    """The home page's headline for the organisation's whole scope (its main user's and the
    operator's view), through the process-wide report cache (reporting/ui/cache.py), when it
    reads the same database as the pages."""
    from streamlit import runtime

    from reporting.access.scope import Scope
    from reporting.ui.cache import load_report
    from reporting.ui.context import get_db

    # st.cache_data is the server's only while its runtime runs; outside it (a command, a
    # test without AppTest) the result would go to a throwaway cache
    if runtime.exists() and str(get_db(org).path) == str(db.path):
        load_report("home-headline", Scope.organisation(org))


def warm_when_running(timeout_s: float = 120.0) -> threading.Thread:
    """Wait in a daemon thread until the Streamlit server runs, then warm its database:
    ``python -m reporting serve`` calls it before it starts the server, so the caches are
    warm (or warming) when the first visitor arrives."""
    def wait_and_notice() -> None:
        from streamlit import runtime

        from reporting.ui.context import get_db

        deadline = time.monotonic() + timeout_s
        while not runtime.exists():
            if time.monotonic() > deadline:
                return
            time.sleep(0.2)
        from reporting.core.db import stores

        if stores.is_store_root(config.db_path()):
            # one store per organisation: each tenant's store is warmed when its first visitor
            # notices it (the catalogue holds nothing to warm), and its findings derived by
            # other rules are derived again at its next write (until then evaluated live)
            return
        try:
            from reporting.optimisation.derived import refresh_stale_findings

            refreshed = refresh_stale_findings(get_db())
            if refreshed:
                _log.info("optimisation findings derived again for the running rules: %s", ", ".join(refreshed))
        except Exception:           # e.g. another process of a cluster is writing: its next write does it
            _log.warning("deriving stale optimisation findings at start failed", exc_info=True)
        try:
            notice(get_db())
        except Exception:
            _log.exception("cache warming at start failed")

    t = threading.Thread(target=wait_and_notice, name="fokus-cache-warmer-start", daemon=True)
    t.start()
    return t
