"""The users page's audit log reads as words (issue 14, point 7): the change in words, a
demo persona's id as "Demokäyttäjä (role)", the details as a phrase instead of JSON, the
time on the Finnish wall clock (the state store keeps UTC); the download keeps the stored
values."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from reporting.access.accounts import audit, create_account
from reporting.access.scope import Role
from reporting.access.users import audit_for_screen
from reporting.core import state
from tests.helpers import MAIN_USER, app_as, open_page

pytestmark = pytest.mark.usefixtures("cheap_argon2")


def _row(action, details, at="2026-12-02 13:29:47", actor="demo:main:pohjola", target="t"):
    return {"at": pd.Timestamp(at), "actor": actor, "action": action, "target": target,
            "details": json.dumps(details), "manual": False}


def test_audit_rows_in_words_and_local_time():
    log = pd.DataFrame([
        _row("create_account", {"email": "e@x.fi", "role": "manager", "cost_centres": ["2000", "3000"],
                                "subscriptions": []}),
        _row("change_role", {"from": "employee", "to": "manager"}, at="2026-07-01 09:00:00"),
        _row("grant", {"kind": "subscription", "value": "POH0000014"}, actor="demo:operator"),
        _row("order_state", {"from": "received", "to": "deployed"}, actor="Maija <m@x.fi>"),
        _row("reset_password", {}),
    ])
    fi = audit_for_screen(log, "fi")
    assert list(fi.action) == ["Käyttäjä luotu", "Rooli vaihdettu", "Oikeus annettu",
                               "Tilauksen tila muutettu", "Salasana nollattu"]
    assert list(fi.details) == ["rooli esihenkilö · kustannuspaikat 2000, 3000", "työntekijä → esihenkilö",
                                "liittymä POH0000014", "Vastaanotettu → Käyttöönotettu", "–"]
    assert list(fi.actor) == ["Demokäyttäjä (pääkäyttäjä)", "Demokäyttäjä (pääkäyttäjä)",
                              "Demokäyttäjä (operaattori)", "Maija <m@x.fi>", "Demokäyttäjä (pääkäyttäjä)"]
    # UTC in the store: +2 h in December, +3 h in July
    assert list(fi["at"]) == [pd.Timestamp("2026-12-02 15:29:47"), pd.Timestamp("2026-07-01 12:00:00"),
                              *[pd.Timestamp("2026-12-02 15:29:47")] * 3]
    en = audit_for_screen(log, "en")
    assert en.action[0] == "User created" and en.details[1] == "employee → manager"
    assert en.actor[2] == "Demo user (operator)"
    assert list(log.action)[0] == "create_account"          # the stored frame is left as it was


def test_users_page_shows_the_audit_log_in_words(app_env):
    acc = create_account(email="uusi@pohjola.fi", name="Uusi Esihenkilö", role=Role.MANAGER,
                         org_id="pohjola", created_by=MAIN_USER, cost_centres=("2000",))
    with state.transaction() as con:
        audit(con, actor=MAIN_USER, action="change_role", org_id="pohjola", target=acc.user_id,
              details={"from": "manager", "to": "analyst"})
        stored = [tuple(r) for r in con.execute(
            "SELECT action, at FROM audit_log WHERE org_id = 'pohjola' ORDER BY id DESC")]
    at = open_page(app_as(MAIN_USER), "users")
    assert not at.exception
    frame = next(f.value for f in at.dataframe if "details" in f.value.columns)
    assert list(frame.action) == ["Rooli vaihdettu", "Käyttäjä luotu"]
    assert list(frame.details) == ["esihenkilö → analyytikko", "rooli esihenkilö · kustannuspaikat 2000"]
    assert set(frame.actor) == {"Demokäyttäjä (pääkäyttäjä)"}
    assert set(frame.target) == {"Uusi Esihenkilö <uusi@pohjola.fi>"}
    helsinki = [pd.Timestamp(dt.datetime.fromisoformat(s).replace(tzinfo=dt.UTC)
                             .astimezone(ZoneInfo("Europe/Helsinki")).replace(tzinfo=None))
                for _, s in stored]                   # the store's UTC on the Finnish clock
    assert list(frame["at"]) == helsinki
    text = frame.astype(str).to_csv()
    assert "{" not in text and "create_account" not in text and "demo:" not in text
