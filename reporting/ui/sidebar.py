"""The shared sidebar: language, who you are (demo personas until real login), organisation."""

from __future__ import annotations

import streamlit as st

from reporting.access.auth import SESSION_KEY, SHOW_LOGIN_KEY, sign_out
from reporting.access.permissions import sees_every_organisation
from reporting.access.scope import Role, User
from reporting.core import config
from reporting.core.db import Database
from reporting.demo.personas import demo_personas, is_demo_database
from reporting.i18n import fmt_datetime, t
from reporting.ui.context import current_lang, get_db, store_databases


def language_switch() -> str:
    # The label is bilingual on purpose; the URL carries the shown label (?lang=EN).
    st.sidebar.segmented_control(
        "Kieli / Language", options=list(config.LANGUAGES), format_func=str.upper,
        default=config.default_language(), key="lang", bind="query-params",
        required=True,
    )
    return current_lang()


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def _personas(db_version: str, _db: Database) -> list[User]:
    # a store root: the catalogue's version changes with every tenant's write
    return demo_personas(*store_databases())


def demo_persona_picker(lang: str) -> None:
    """Only when the database holds demo data and demo mode is not switched off, and nobody
    is signed in with a personal account (or asked for the sign-in page)."""
    db = get_db()
    if st.session_state.get(SESSION_KEY) or st.session_state.get(SHOW_LOGIN_KEY):
        st.session_state.pop("_user", None)
        return
    if not (config.demo_mode_allowed() and is_demo_database(db)):
        st.session_state.pop("_user", None)
        return
    personas = _personas(db.data_version(None), db)
    by_id = {p.user_id: p for p in personas}
    st.sidebar.warning(t("sidebar.demo_badge", lang), icon=":material/science:")
    default_id = next((p.user_id for p in personas if p.role is Role.MAIN_USER), personas[0].user_id)
    # The choice is remembered in a key of its own: Streamlit may drop a widget's state when
    # the page changes, and a dropped picker must not fall back to its first option (the
    # operator). ``persona_id`` set before the first run (tests) is honoured.
    current = st.session_state.get(PERSONA_KEY)
    if current not in by_id:
        preset = st.session_state.get("persona_id")
        current = preset if preset in by_id else default_id
        st.session_state[PERSONA_KEY] = current
    st.session_state["persona_id"] = current
    st.sidebar.selectbox(
        t("sidebar.persona", lang), options=list(by_id),
        format_func=lambda uid: f"{by_id[uid].name} ({t('role.' + by_id[uid].role.value, lang)})",
        key="persona_id", on_change=_remember_persona,
    )
    st.session_state["_user"] = by_id[st.session_state[PERSONA_KEY]]


PERSONA_KEY = "_persona"


def _remember_persona() -> None:
    st.session_state[PERSONA_KEY] = st.session_state["persona_id"]


def account_menu(user: User, lang: str) -> None:
    """Sign out (a personal account), or leave demo mode for the sign-in page."""
    if user.is_demo:
        if st.sidebar.button(t("auth.use_own_account", lang), key="_to_login"):
            st.session_state.pop("_user", None)
            st.session_state[SHOW_LOGIN_KEY] = True
            st.rerun()
        return
    if st.sidebar.button(t("auth.sign_out", lang), key="_sign_out", icon=":material/logout:"):
        sign_out(st.session_state)
        _oidc_logout()
        st.rerun()


def _oidc_logout() -> None:
    """End the identity provider's session cookie too, so the next visit does not sign the
    same person in again (only when OIDC is in use)."""
    try:
        logged_in = bool(st.user.is_logged_in)
    except Exception:  # no [auth] section, or a runtime without st.user
        logged_in = False
    if logged_in:
        st.logout()


def organisation_picker(user: User, lang: str) -> None:
    """The operator chooses which organisation to look at; others see their own."""
    if not sees_every_organisation(user):
        return
    db = get_db()
    orgs = db.rows("SELECT org_id, name FROM organisations ORDER BY name")
    names = dict(orgs)
    if not names:
        return
    if st.session_state.get("org") not in names:
        st.session_state["org"] = orgs[0][0]
    st.sidebar.selectbox(t("sidebar.organisation", lang), options=list(names),
                         format_func=lambda o: names.get(o, o), key="org",
                         bind="query-params")


def data_caption(lang: str) -> None:
    now = get_db().dataset_info().get("now")
    if now:
        import datetime as dt

        st.sidebar.caption(t("sidebar.data_now", lang, when=fmt_datetime(dt.datetime.fromisoformat(now), lang)))
