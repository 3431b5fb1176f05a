"""The alerts a user sees in the app, with their read state."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from reporting.access.permissions import may_manage_org
from reporting.access.scope import User
from reporting.alerts.deliver import alert_text
from reporting.core import state

COLUMNS = ["alert_id", "fired_at", "alert_kind", "alert_text", "rule_owner", "is_read"]


def alerts_for(user: User | None, org_id: str | None, lang: str, *, limit: int = 200,
               path: Path | None = None) -> pd.DataFrame:
    """Newest first: the alerts of the user's own rules, and every alert of the organisation
    for one who manages it (the operator, the main user). Nothing without an organisation."""
    if user is None or not org_id:
        return pd.DataFrame(columns=COLUMNS)
    with state.connect(path) as con:
        rows = con.execute(state.sql("alerts/alerts_for"), {
            "org_id": org_id, "user_id": user.user_id, "all_org": int(may_manage_org(user, org_id)),
            "limit": limit}).fetchall()
    out = [{"alert_id": r["alert_id"], "fired_at": pd.Timestamp(r["fired_at"]), "alert_kind": r["kind"],
            "alert_text": alert_text(r["kind"], json.loads(r["facts"]), lang, r["cost_centre"]),
            "rule_owner": r["owner_name"], "is_read": bool(r["is_read"])} for r in rows]
    return pd.DataFrame(out, columns=COLUMNS)


def unread_count(user: User | None, org_id: str | None, path: Path | None = None) -> int:
    df = alerts_for(user, org_id, "en", path=path)
    return int((~df.is_read.astype(bool)).sum()) if not df.empty else 0


def mark_read(user: User, alert_ids: Iterable[int], org_id: str, path: Path | None = None) -> int:
    """Mark the alerts read for ``user`` (only alerts the user sees)."""
    visible = set(alerts_for(user, org_id, "en", limit=100000, path=path).alert_id)
    ids = [int(a) for a in alert_ids if int(a) in visible]
    with state.transaction(path) as con:
        for alert_id in ids:
            con.execute(state.sql("alerts/alert_mark_read"), {"alert_id": alert_id, "user_id": user.user_id})
    return len(ids)
