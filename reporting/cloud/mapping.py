"""Sub-accounts mapped to cost centres.

The mapping is stored per organisation in ``sub_account_cost_centres`` (analytical database):
an import's ``--cost-centre-map`` file merges its pairs into it, and the organisation's main
user (or the operator) edits it on the cloud page. Whenever it changes, or FOCUS lines are
imported, it is applied: every FOCUS line of the organisation (``cloud_charges`` and its cost
line in ``charges``) is booked to its sub-account's centre, so the cost reports, the summary
and the hierarchy count cloud costs with the telecom costs. A sub-account not mapped books
to no centre (the organisation's totals only).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_manage_org
from reporting.access.scope import User
from reporting.core.db import Database, write_transaction
from reporting.core.sqlfiles import load_sql

MAP_COLUMNS = ["sub_account", "cost_centre", "cost_centre_name", "lines", "currency", "amount"]


class MappingError(ValueError):
    """A mapping the writer refuses (no right to change it, an unknown cost centre)."""


def merge_pairs(con, org_id: str, pairs: Mapping[str, str]) -> None:
    """Merge ``pairs`` (sub-account -> centre) into the organisation's stored mapping."""
    if pairs:
        con.execute(load_sql("cloud/map_merge"), {"org": org_id, "subs": list(pairs), "ccs": list(pairs.values())})


def apply_mapping(con, org_id: str) -> None:
    """Book the organisation's FOCUS lines to their sub-accounts' centres (both tables)."""
    p = {"org": org_id}
    con.execute(load_sql("cloud/map_apply_cloud"), p)
    con.execute(load_sql("cloud/map_clear_charges"), p)
    con.execute(load_sql("cloud/map_rebuild_charges"), p)


def mapping_rows(db: Database, org_id: str) -> pd.DataFrame:
    """The organisation's sub-accounts with their centres (for the mapping editor)."""
    return db.query(load_sql("cloud/map_rows"), {"org_id": org_id})[MAP_COLUMNS]


def save_mapping(db: Database | Path, user: User, org_id: str, changes: Mapping[str, str | None]) -> int:
    """Store ``changes`` (sub-account -> centre code, or None to remove the mapping) for
    ``org_id`` and apply the mapping, in one write. Only the operator or the organisation's
    main user may; a centre must be one of the organisation's. Returns the sub-accounts
    changed."""
    if not may_manage_org(user, org_id):
        raise MappingError("You may not change this organisation's cost-centre mapping.")
    path = Path(db.path if isinstance(db, Database) else db)
    set_ = {str(k): str(v) for k, v in changes.items() if v}
    remove = [str(k) for k, v in changes.items() if not v]
    with write_transaction(path, orgs=[org_id]) as con:
        known = {r[0] for r in con.execute(load_sql("cloud/org_cost_centre_codes"), {"org": org_id}).fetchall()}
        unknown = sorted(set(set_.values()) - known)
        if unknown:
            raise MappingError(f"Unknown cost centre {unknown[0]!r} in organisation {org_id}.")
        if remove:
            con.execute(load_sql("cloud/map_remove"), {"org": org_id, "subs": remove})
        merge_pairs(con, org_id, set_)
        apply_mapping(con, org_id)
    return len(set_) + len(remove)


def mapping_editor(actor: User | None, db: Database, org_id: str | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """What the mapping editor shows ``actor`` for ``org_id``: the sub-accounts with their
    centres, and the centres one may choose (code -> "code name"). Nothing for a user who may
    not change the mapping."""
    if not org_id or not may_manage_org(actor, org_id):
        return pd.DataFrame(columns=MAP_COLUMNS), {}
    centres = db.query(load_sql("cloud/org_cost_centre_options"), {"org": org_id})
    return mapping_rows(db, org_id), {r.code: f"{r.code} {r.name}" for r in centres.itertuples()}


def mapping_changes(rows: pd.DataFrame, edited: pd.DataFrame, labels: Mapping[str, str]) -> dict[str, str | None]:
    """The sub-accounts whose centre the editor changed: sub-account -> new code (None: no
    centre). ``edited`` has the editor's ``cost_centre`` column as chosen labels."""
    by_label = {v: k for k, v in labels.items()}
    before = dict(zip(rows.sub_account, rows.cost_centre, strict=True))
    out: dict[str, str | None] = {}
    for sub, label in zip(edited.sub_account, edited.cost_centre, strict=True):
        code = by_label.get(label) if isinstance(label, str) else None
        old = before.get(sub)
        old = old if isinstance(old, str) else None
        if code != old:
            out[sub] = code
    return out
