"""Writing: one writer at a time (a lock file), on a private copy that is swapped in with an
atomic rename on success and deleted on failure; every write brings the derived tables in step
before it commits.

A writer killed outright (SIGKILL, power loss) cannot delete its copy. The copy's name carries
the writer's process id and start time (``.<db>.<pid>-<start>.<hex>.tmp``, and DuckDB's
``….tmp.wal`` beside it), so the next writer, holding the lock, removes every copy whose
process is gone (``remove_stale_copies``): after any number of killed writes at most the
copies of the writers still running are on disk."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb

from reporting.core import config
from reporting.core.db.connection import GLOBAL_VERSION, DatabaseBusy
from reporting.core.db.schema import apply_schema
from reporting.core.sqlfiles import load_sql
from reporting.optimisation import derived as optimisation_derived  # a module: imports in either order


@contextlib.contextmanager
def writer_lock(path: Path, wait: float = 0.0) -> Iterator[None]:
    """The exclusive lock of ``path``'s writers; ``wait``: seconds to wait for another writer
    to finish (the catalogue of a store root, which every tenant's write updates for a moment)
    before giving up with DatabaseBusy."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"Another import or demo generation is writing {path}; "
                        f"try again when it has finished."
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


ROW_GROUP_SIZE = 16_384

_log = logging.getLogger(__name__)
# what follows ".<db name>." in a private copy's name: this version's (pid-start.hex) and the
# earlier one's (hex only, written only under the same lock, so never a live writer's now)
_COPY = re.compile(r"(?:(?P<pid>\d+)-(?P<start>\d+)\.)?[0-9a-f]{32}\.tmp(?:\.wal)?")


def _process_start(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot, /proc/<pid>/stat field 22);
    "" where /proc is not there; None when there is no such live process (a zombie is dead:
    it only waits to be reaped)."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass                          # someone else's process: alive
        return ""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = stat[stat.rindex(")") + 2:].split()   # after "pid (command) "
    return None if fields[0] in ("Z", "X", "x") else fields[19]


def _copy_path(path: Path) -> Path:
    pid = os.getpid()                     # asked each time: a forked child is a new process
    return path.with_name(f".{path.name}.{pid}-{_process_start(pid) or 0}.{uuid.uuid4().hex}.tmp")


def _writer_alive(pid: int, start: int) -> bool:
    now = _process_start(pid)
    if now is None:
        return False
    # a different start time: the id was given to a new process since (ids are reused)
    return now == "" or start == 0 or int(now) == start


def remove_stale_copies(path: Path) -> list[Path]:
    """Delete the private copies of ``path`` (and their write-ahead logs) left by writers that
    are gone; call it holding the writer lock. Returns the files removed."""
    prefix = f".{path.name}."
    removed = []
    try:
        names = os.listdir(path.parent)
    except FileNotFoundError:
        return removed
    for name in names:
        if not name.startswith(prefix):
            continue
        m = _COPY.fullmatch(name[len(prefix):])
        if m is None:
            continue
        if m["pid"] is not None and _writer_alive(int(m["pid"]), int(m["start"])):
            continue
        leftover = path.parent / name
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    if removed:
        _log.warning("removed %d copies of %s left by killed writers: %s", len(removed), path.name,
                     ", ".join(p.name for p in removed))
    return removed


def _sql_quote(text: str) -> str:
    """A server-generated path inside a SQL string literal (ATTACH takes no parameters)."""
    return text.replace("'", "''")


def _subscriptions_fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    """Changes when any subscription's attributes copied onto charge lines change."""
    return tuple(con.execute(load_sql("core/subscriptions_fingerprint")).fetchall()[0])


def _shared_fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    """Changes when a table shared by every organisation (plans, dataset_info) changes."""
    return tuple(con.execute(load_sql("core/shared_fingerprint")).fetchall()[0])


def write_transaction(
    path: str | Path, *, fresh: bool = False, orgs: Iterable[str] | None = None,
    changes_rule_inputs: bool = True,
) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a private copy of the database; swap it in on success.

    ``path`` may also be a store root (one store per organisation, reporting/core/db/stores.py)
    or one tenant's store in it: the write then goes to the one organisation's file, and the
    catalogue's copy of its headline figures follows (``stores.tenant_transaction``).

    ``fresh=True`` starts from an empty database instead of a copy (the demo generator).
    On any exception the copy is discarded and the live file is untouched.

    ``orgs``: the organisations whose rows this transaction may change; they get a new data
    version (table data_versions, read by ``Database.data_version``), the others keep theirs,
    so their caches stay warm. ``None`` (the default: a writer that does not say, the demo
    generator, a schema migration) gives a new global version, which every cache key carries.
    A change of the shared tables (``core/shared_fingerprint``) does too, whoever wrote.
    The optimisation findings derived at write time follow the same declaration
    (reporting/optimisation/derived.py): the declared organisations are evaluated again, every
    organisation for a global version. A writer must therefore declare every organisation whose
    rows it changes (or declare nothing). ``changes_rule_inputs=False``: a declared writer that
    changes none of the tables the optimisation rules read (subscriptions, charges, usage, cost
    centres, plans: budgets, exchange rates) leaves its organisations' findings as they are
    (evaluating the large demo's organisation again costs ~9 s); a global write ignores it.
    """
    from reporting.core.db import stores

    path = Path(path)
    if stores.is_store_root(path) or stores.tenant_of(path) is not None:
        return stores.tenant_transaction(path, orgs=orgs, fresh=fresh,
                                         changes_rule_inputs=changes_rule_inputs)
    return file_transaction(path, fresh=fresh, orgs=orgs, changes_rule_inputs=changes_rule_inputs)


@contextlib.contextmanager
def file_transaction(
    path: Path, *, fresh: bool = False, orgs: Iterable[str] | None = None,
    changes_rule_inputs: bool = True, wait: float = 0.0, block_size: int | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """``write_transaction`` on one DuckDB file. A store root's catalogue holds no lines, so
    nothing is derived there before it commits (its tenants' figures are copied in);
    ``wait``: seconds to wait for the writer lock; ``block_size``: the storage block size of a
    ``fresh`` file (DuckDB's default 256 kB when None), which the file keeps for life."""
    from reporting.core.db import stores

    declared = None if orgs is None else sorted(set(orgs))
    derives = not stores.is_catalogue(path)
    with writer_lock(path, wait):
        remove_stale_copies(path)
        tmp = _copy_path(path)
        wal = Path(str(path) + ".wal")
        if wal.exists():
            raise DatabaseBusy(
                f"The database {path} has an unfinished write-ahead log ({wal.name}); "
                f"open it once with DuckDB to recover it, then try again."
            )
        try:
            if path.exists() and not fresh:
                shutil.copyfile(path, tmp)
            # Row groups of 16,384 rows instead of DuckDB's 122,880: the zone maps then narrow a
            # subscription's or a month's rows to a few groups (a subscription's drill-down
            # reads a twentieth of what it did); whole-table scans cost the same.
            con = duckdb.connect(":memory:")
            blocks = f", BLOCK_SIZE {int(block_size)}" if fresh and block_size else ""
            con.execute(f"ATTACH '{_sql_quote(str(tmp))}' AS data (ROW_GROUP_SIZE {ROW_GROUP_SIZE}{blocks})")
            con.execute("USE data")
            try:
                con.execute(f"SET memory_limit = '{config.writer_memory_limit()}'")
                migrated = apply_schema(con)
                con.execute("BEGIN TRANSACTION")
                try:
                    subscriptions_before = _subscriptions_fingerprint(con)
                    shared_before = _shared_fingerprint(con)
                    yield con
                    everyone = (declared is None or fresh or migrated
                                or _shared_fingerprint(con) != shared_before)
                    version = uuid.uuid4().hex
                    if derives:
                        # what is derived from the hierarchy and the subscriptions follows
                        # whatever this transaction wrote
                        con.execute(load_sql("core/derive_cost_centre_tree"))
                        con.execute(load_sql("core/stamp_charges"),
                                    {"all": _subscriptions_fingerprint(con) != subscriptions_before})
                        con.execute(load_sql("core/derive_cost_monthly"))
                        con.execute(load_sql("core/derive_org_summary"))
                        # issue 19: the organisations this write declared (all of them for a
                        # global write) get their findings derived again, with their new version
                        derive = None if everyone else declared if changes_rule_inputs else []
                        optimisation_derived.derive_optimisation_findings(con, derive, version)
                    changed = [*(declared or []), *([GLOBAL_VERSION] if everyone else [])]
                    con.execute(load_sql("core/data_versions_bump"), {"orgs": changed, "version": version})
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("CHECKPOINT data")
            finally:
                con.close()
            os.replace(tmp, path)
        finally:
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
