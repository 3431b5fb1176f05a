"""One analytical store per organisation (issue 20, point 1).

A *store root* is a directory in place of the single database file::

    ROOT/catalogue.duckdb           the organisations, the operator's plan catalogue, the data
                                    set's facts and every tenant's headline figures per month
                                    (org_summary); no tenant's lines
    ROOT/tenants/<org_id>.duckdb    one organisation's rows of every table, with copies of the
                                    plan catalogue and the data set's facts

Every file has the one analytical schema, so a tenant's store answers every report of its
organisation exactly as the single file did (``tests/test_tenant_stores.py`` compares them), and
each is written as a single file is: under its own lock, on a private copy swapped in
(reporting/core/db/write.py). So:

* **A write touches one tenant.** ``write_transaction(ROOT or ROOT/tenants/X.duckdb,
  orgs=[X])`` copies and swaps X's file only, then publishes X's organisations row and
  headline figures to the catalogue (a few rows: the catalogue's lock is held for a moment and
  waited for, so writers of different tenants run in parallel). A write that names no single
  organisation is refused on a store root. A write that changed the shared tables (a plans
  file) spreads them to the catalogue and to every other tenant, each its own write.
* **A reader opens one tenant.** The app opens the file of the organisation the signed-in
  user's scope names (``reader_path``), and the connection cannot open any other file
  (``Database`` switches DuckDB's external access off once its file is attached): a scope bug
  cannot reach another tenant's rows. The operator's cross-organisation views read the
  catalogue.
* **A single file is migrated** by ``split_database`` (``python -m reporting tenants split``),
  its figures unchanged.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb

from reporting.core.db.connection import DatabaseError
from reporting.core.identifiers import ORG_ID_RULE, is_valid_org_id
from reporting.core.migrations import statements
from reporting.core.sqlfiles import load_sql

CATALOGUE = "catalogue.duckdb"
TENANTS = "tenants"
SUFFIX = ".duckdb"
# seconds a tenant's writer waits for another tenant's writer to finish with the catalogue
CATALOGUE_WAIT = 120.0
# the tables that are not one organisation's: every store has its own copy of them
SHARED_TABLES = ("plans", "dataset_info")
# the analytical store's bookkeeping, which each file keeps for itself
OWN_TABLES = ("schema_migrations", "data_versions")
# A tenant's store is written with 16 kB storage blocks (DuckDB's default is 256 kB, and every
# table and index takes whole blocks): a small organisation's store is 0.5 MB instead of 7-12,
# which is most of the disk at many tenants, and reports ran as fast or faster (all reports of
# the small demo's largest organisation 1.64-1.76 s against 1.84-2.05 s). An organisation with
# more lines than LARGE_LINES keeps the default blocks.
SMALL_BLOCKS = 16_384
LARGE_LINES = 1_000_000


def is_store_root(path: str | os.PathLike) -> bool:
    return Path(path).is_dir()


def catalogue_path(root: Path) -> Path:
    return Path(root) / CATALOGUE


def is_catalogue(path: Path) -> bool:
    return path.name == CATALOGUE and (path.parent / TENANTS).is_dir()


def tenant_path(root: Path, org_id: str) -> Path:
    """The file of ``org_id``'s store; an id that is not a valid organisation id (so not a safe
    file name either) is refused."""
    if not is_valid_org_id(org_id):
        raise DatabaseError(f"{org_id!r} cannot be an organisation id: use {ORG_ID_RULE}.")
    return Path(root) / TENANTS / f"{org_id}{SUFFIX}"


def tenant_of(path: str | os.PathLike) -> tuple[Path, str] | None:
    """(store root, organisation) when ``path`` is a tenant's store in a store root."""
    path = Path(path)
    if path.suffix != SUFFIX or path.parent.name != TENANTS:
        return None
    root = path.parent.parent
    if not catalogue_path(root).exists() or not is_valid_org_id(path.stem):
        return None
    return root, path.stem


def root_of(path: str | os.PathLike) -> Path | None:
    """The store root that ``path`` (the root, its catalogue or a tenant's store) belongs to."""
    path = Path(path)
    if is_store_root(path):
        return path
    if is_catalogue(path):
        return path.parent
    owner = tenant_of(path)
    return owner[0] if owner else None


def tenant_ids(root: Path) -> list[str]:
    folder = Path(root) / TENANTS
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir()
                  if p.suffix == SUFFIX and not p.name.startswith(".") and is_valid_org_id(p.stem))


def largest_tenants(root: Path, n: int) -> list[str]:
    """The ``n`` organisations with the largest stores (the demo personas' organisations when
    the root holds many: a persona list of every tenant would be unusable)."""
    sizes = {org: tenant_path(root, org).stat().st_size for org in tenant_ids(root)}
    return sorted(sizes, key=lambda org: (-sizes[org], org))[:n]


def reader_path(path: str | os.PathLike, org_id: str | None) -> Path:
    """The file a reader of ``org_id``'s data opens: the single file itself, or in a store root
    the organisation's store (the catalogue when no organisation is named)."""
    path = Path(path)
    if not is_store_root(path):
        return path
    return tenant_path(path, org_id) if org_id else catalogue_path(path)


def _run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    for statement in statements(load_sql(name)):
        if statement.strip().strip(";").strip() and not _only_comments(statement):
            con.execute(statement, params or {})


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())


@contextlib.contextmanager
def _attached(con: duckdb.DuckDBPyConnection, path: Path, alias: str) -> Iterator[None]:
    from reporting.core.db.write import _sql_quote

    # ATTACH takes no parameters: the path is the server's own (a store root's file)
    con.execute(f"ATTACH '{_sql_quote(str(path))}' AS {alias} (READ_ONLY)")
    try:
        yield
    finally:
        con.execute(f"DETACH {alias}")


# -- writing ---------------------------------------------------------------------------------

def tenant_transaction(path: Path, *, orgs: Iterable[str] | None, fresh: bool = False,
                       changes_rule_inputs: bool = True
                       ) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """``write_transaction`` on a store root (or one tenant's file in it): the write goes to the
    one organisation it names."""
    from reporting.core.db.write import file_transaction

    owner = tenant_of(path)
    if owner and orgs is not None and not set(orgs) and not fresh:
        # a write of the tenant's file that declares it changes no organisation's rows (the
        # stale findings derived again after a deploy): its own file only, nothing to publish
        return file_transaction(Path(path), orgs=(), changes_rule_inputs=changes_rule_inputs)
    root = owner[0] if owner else Path(path)
    names = sorted(set(orgs)) if orgs is not None else ([owner[1]] if owner else [])
    if owner and names != [owner[1]]:
        raise DatabaseError(f"{path} is the store of {owner[1]!r}: a write there cannot change "
                            f"{', '.join(names) or 'every organisation'}.")
    if fresh or len(names) != 1:
        raise DatabaseError(
            f"{root} holds one store per organisation: a write there names exactly one "
            f"organisation (this one named {', '.join(names) or 'none'}); generate demo data into "
            f"a single file and split it with 'python -m reporting tenants split'.")
    return _tenant_write(root, names[0], changes_rule_inputs)


@contextlib.contextmanager
def _tenant_write(root: Path, org_id: str, changes_rule_inputs: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    from reporting.core.db.write import _shared_fingerprint, file_transaction

    target = tenant_path(root, org_id)
    if not target.exists():
        create_tenant(root, org_id)
    with file_transaction(target, orgs=[org_id], changes_rule_inputs=changes_rule_inputs) as con:
        shared_before = _shared_fingerprint(con)
        yield con
        shared_changed = _shared_fingerprint(con) != shared_before
    if shared_changed:
        spread_shared(root, org_id)
    publish(root, org_id)


def create_tenant(root: Path, org_id: str) -> Path:
    """A new organisation's store, empty but for the shared tables (copied from the catalogue).
    Made under a private name and linked into place, so two first writes of one organisation
    cannot both create it (the second finds it there)."""
    from reporting.core.db.write import file_transaction

    target = tenant_path(root, org_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.with_name(f".{target.name}.new-{uuid.uuid4().hex}")
    try:
        with file_transaction(new, fresh=True, block_size=SMALL_BLOCKS) as con:
            catalogue = catalogue_path(root)
            if catalogue.exists():
                with _attached(con, catalogue, "source"):
                    _run_script(con, "core/shared_copy")
        with contextlib.suppress(FileExistsError):
            os.link(new, target)          # atomic, and never replaces a store that is there
    finally:
        for leftover in (new, new.with_name(new.name + ".lock")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target


def publish(root: Path, org_id: str) -> None:
    """Copy ``org_id``'s organisations row and headline figures from its store to the catalogue
    (after each write of the tenant; also ``python -m reporting tenants publish``)."""
    from reporting.core.db.write import file_transaction

    source = tenant_path(root, org_id)
    with file_transaction(catalogue_path(root), orgs=[org_id], wait=CATALOGUE_WAIT) as con:
        with _attached(con, source, "tenant"):
            _run_script(con, "core/tenant_publish", {"org": org_id})


def spread_shared(root: Path, source_org: str) -> list[str]:
    """The shared tables (plans, the data set's facts) as ``source_org``'s store now has them,
    copied to the catalogue and to every other tenant: each a write of its own that gives that
    store a new global data version. Returns the stores written."""
    from reporting.core.db.write import file_transaction

    source = tenant_path(root, source_org)
    targets = [catalogue_path(root), *(tenant_path(root, o) for o in tenant_ids(root) if o != source_org)]
    for target in targets:
        with file_transaction(target, wait=CATALOGUE_WAIT) as con, _attached(con, source, "source"):
            _run_script(con, "core/shared_copy")
    return [str(t) for t in targets]


def ensure_store_schema(root: Path) -> None:
    """Bring the catalogue and every tenant's store to the code's schema."""
    from reporting.core.db.schema import ensure_schema

    for path in [catalogue_path(root), *(tenant_path(root, o) for o in tenant_ids(root))]:
        ensure_schema(path)


# -- migrating a single file -------------------------------------------------------------------

def split_database(source: Path, root: Path,
                   progress: Callable[[str], None] | None = None) -> list[str]:
    """Migrate the single database file ``source`` into the store root ``root`` (a new or empty
    directory): the catalogue, then one store per organisation holding exactly that
    organisation's rows of every table. ``source`` is only read. Returns the organisations."""
    from reporting.core.db.schema import ensure_schema
    from reporting.core.db.write import file_transaction

    source, root = Path(source), Path(root)
    if not source.is_file():
        raise DatabaseError(f"The database {source} does not exist.")
    if root.exists() and any(root.iterdir()):
        raise DatabaseError(f"{root} is not empty: split into a new directory.")
    ensure_schema(source)                 # the same schema on both sides (a swap if it was older)
    (root / TENANTS).mkdir(parents=True)
    probe = duckdb.connect(str(source), read_only=True)
    try:
        sizes = dict(probe.execute(load_sql("core/split_organisations")).fetchall())
        orgs = sorted(sizes)
        tables = dict(probe.execute(load_sql("core/split_tables")).fetchall())
    finally:
        probe.close()
    unknown = [t for t, has_org in tables.items() if not has_org and t not in (*SHARED_TABLES, *OWN_TABLES)]
    if unknown:
        raise DatabaseError(f"{source}: the tables {', '.join(unknown)} belong to no organisation "
                            f"and are not shared; this version cannot split them.")
    bad = [o for o in orgs if not is_valid_org_id(o)]
    if bad:
        raise DatabaseError(f"{source}: {', '.join(map(repr, bad))} cannot be a store's name: "
                            f"an organisation id uses {ORG_ID_RULE}.")
    owned = [t for t, has_org in tables.items() if has_org and t not in OWN_TABLES]
    with file_transaction(catalogue_path(root), fresh=True, block_size=SMALL_BLOCKS) as con, \
            _attached(con, source, "source"):
        _run_script(con, "core/shared_copy")
        con.execute(load_sql("core/split_catalogue"))
    for org in orgs:
        if progress:
            progress(org)
        target = tenant_path(root, org)
        blocks = None if sizes[org] > LARGE_LINES else SMALL_BLOCKS
        with file_transaction(target, fresh=True, block_size=blocks) as con, _attached(con, source, "source"):
            _run_script(con, "core/shared_copy")
            for table in owned:
                # an identifier from the schema's own catalogue, never from input
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM source.{table} "  # noqa: S608
                            f"WHERE org_id = $org", {"org": org})
    return orgs
