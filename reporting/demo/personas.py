"""Demo personas: who you can be when the database holds demo data (never otherwise)."""

from __future__ import annotations

import pandas as pd

from reporting.access.scope import Role, User
from reporting.core.db import Database


def operator_persona() -> User:
    return User("demo:operator", "Operaattori", Role.OPERATOR, is_demo=True)


def main_user_persona(org_id: str, org_name: str) -> User:
    return User(f"demo:main:{org_id}", f"Pääkäyttäjä – {org_name}", Role.MAIN_USER,
                org_id=org_id, is_demo=True)


def demo_personas(*dbs: Database) -> list[User]:
    """Operator; each organisation's main user; a cost-centre manager and an employee in the
    largest organisation; an analyst in the second. Deterministic for a database, or for the
    stores of a store root (one Database per organisation, reporting/core/db/stores.py)."""
    frames = [f for f in (db.named("demo/demo_personas") for db in dbs) if len(f)]
    picks = (pd.concat(frames, ignore_index=True) if frames else dbs[0].named("demo/demo_personas"))
    picks = picks.sort_values(["subscriptions", "org_id"], ascending=[False, True], kind="stable",
                              ignore_index=True)
    users = [operator_persona()]
    for row in picks.itertuples():
        users.append(main_user_persona(row.org_id, row.org_name))
    if len(picks):
        big = picks.iloc[0]
        if big.centre_code is not None:
            users.append(User(f"demo:manager:{big.org_id}:{big.centre_code}",
                              f"Esihenkilö – {big.centre_name} ({big.org_name})",
                              Role.MANAGER, org_id=big.org_id,
                              cost_centres=frozenset([big.centre_code]), is_demo=True))
        if big.subscription_id is not None:
            users.append(User(f"demo:employee:{big.org_id}:{big.subscription_id}",
                              f"{big.user_name} – työntekijä ({big.org_name})",
                              Role.EMPLOYEE, org_id=big.org_id,
                              subscriptions=frozenset([big.subscription_id]), is_demo=True))
    if len(picks) > 1:
        second = picks.iloc[1]
        users.append(User(f"demo:analyst:{second.org_id}", f"Analyytikko – {second.org_name}",
                          Role.ANALYST, org_id=second.org_id, is_demo=True))
    return users


def is_demo_database(db: Database) -> bool:
    return db.dataset_info().get("demo") == "true"
