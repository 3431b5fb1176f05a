"""The import log in the state store: every import attempt, successful or not."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from reporting.core import state
from reporting.ingest.importer import ImportResult


def record(result: ImportResult, *, actor: str, actor_name: str | None, channel: str,
           load_valid: bool, state_path: Path | None = None) -> int:
    files = [{"name": f.name, "kind": f.kind, "rows_read": f.rows_read,
              "rows_rejected": f.rows_rejected, "rows_loaded": f.rows_loaded} for f in result.files]
    problems = [p.message("en") for f in result.files for p in f.problems[:3]]
    message = result.error or "; ".join(problems[:5] + result.note_texts("en"))
    with state.transaction(state_path) as con:
        cur = con.execute(state.sql("ingest/import_log_insert"), {
            "actor": actor, "actor_name": actor_name, "channel": channel, "org_id": result.org_id,
            "files": json.dumps(files, ensure_ascii=False),
            "kinds": ", ".join(dict.fromkeys(f.kind for f in result.files if f.kind)),
            "mode": "load_valid" if load_valid else "reject_file", "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded, "rows_rejected": result.rows_rejected,
            "result": result.status, "message": message[:2000], "seconds": round(result.seconds, 3)})
        return int(cur.lastrowid)


def recent(org_id: str | None = None, limit: int = 200, state_path: Path | None = None) -> pd.DataFrame:
    """The latest entries, newest first; ``org_id`` limits to one organisation."""
    with state.connect(state_path) as con:
        rows = [dict(r) for r in con.execute(state.sql("ingest/import_log_recent"),
                                             {"org_id": org_id or None, "limit": limit}).fetchall()]
    df = pd.DataFrame(rows, columns=["at", "actor_name", "actor", "channel", "org_id", "kinds", "files",
                                     "mode", "rows_read", "rows_loaded", "rows_rejected", "result",
                                     "message"])
    df["files"] = df["files"].map(lambda s: ", ".join(f["name"] for f in json.loads(s)) if s else "")
    df["at"] = pd.to_datetime(df["at"])
    return df
