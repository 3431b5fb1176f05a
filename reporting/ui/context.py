"""Per-run context for pages: the database, the language, the user and their scope."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from reporting.access.scope import Role, Scope, User
from reporting.core import config
from reporting.core.db import Database, DatabaseError, ensure_schema, stores
from reporting.i18n import t
from reporting.ui.navigation import page
from reporting.ui.pages_mode import ensure_run_through_app


@st.cache_resource(show_spinner=False, max_entries=4096)
def _database(path: str, org_id: str | None) -> Database:
    db = Database(path, org_id)
    ensure_schema(db.path)
    return db


def get_db(org_id: str | None = None) -> Database:
    """The process's Database of ``org_id``'s data (read-only, reopened after an import swaps
    the file): the one database file, or in a store root (reporting/core/db/stores.py) that
    organisation's own store, which holds no other organisation's rows and whose connection
    can open no other file; ``None``: the catalogue (organisations, their headline figures)."""
    root = config.db_path()
    return _database(str(root), org_id if stores.is_store_root(root) else None)


def store_databases(largest: int = 3) -> list[Database]:
    """The Databases of the organisations the demo personas come from: the one file, or the
    ``largest`` tenants' stores of a store root."""
    root = config.db_path()
    if not stores.is_store_root(root):
        return [get_db()]
    return [get_db(org) for org in stores.largest_tenants(root, largest)]


def require_database(lang: str, org_id: str | None = None) -> Database:
    """The Database of ``org_id`` (``get_db``), refreshed (an import may have swapped the file);
    when it cannot be opened the page shows why and stops."""
    try:
        db = get_db(org_id)
        db.refresh()
    except DatabaseError as exc:
        st.error(str(exc))
        st.stop()
    # a new data version (a start, an import): the shared caches are warmed in the background
    from reporting.ui.warm import notice

    notice(db)
    return db


def current_lang() -> str:
    lang = st.session_state.get("lang") or config.default_language()
    return lang if lang in config.LANGUAGES else "fi"


def current_user() -> User | None:
    """The signed-in user. Identity comes from the session only, never from the URL or a
    widget: a personal account is the id ``reporting.access.auth.sign_in`` stored after a checked
    login, reloaded from the state store now (current role and grants; a deactivated account
    is signed out). A demo persona counts only while demo mode is allowed."""
    from reporting.access.auth import SESSION_KEY, session_user

    if st.session_state.get(SESSION_KEY):
        return session_user(st.session_state)
    user = st.session_state.get("_user")
    if isinstance(user, User) and user.is_demo and config.demo_mode_allowed():
        return user
    return None


def selected_org(user: User) -> str | None:
    if user.role is Role.OPERATOR:
        return st.session_state.get("org") or None
    return user.org_id


def current_scope(user: User | None) -> Scope:
    if user is None:
        return Scope.none()
    return user.scope(selected_org(user))


@dataclass(frozen=True)
class PageContext:
    db: Database
    lang: str
    user: User
    scope: Scope

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def stop_if_no_scope(self) -> None:
        """An empty scope shows why (the operator has not chosen an organisation, or the user
        was granted nothing) and ends the page."""
        if self.scope.is_empty:
            st.info(self.t("common.choose_org") if self.user.role is Role.OPERATOR
                    else self.t("common.no_data_in_scope"))
            st.stop()


def page_context(page_key: str) -> PageContext:
    """Check the page is allowed for the user (fail closed) and return its context."""
    ensure_run_through_app()      # reporting/ui/pages_mode.py: why and how
    lang = current_lang()
    user = current_user()
    spec = page(page_key)
    if user is None or user.role not in spec.roles:
        st.error(t("common.no_access", lang))
        st.stop()
    scope = current_scope(user)
    return PageContext(db=require_database(lang, scope.org_id), lang=lang, user=user, scope=scope)
