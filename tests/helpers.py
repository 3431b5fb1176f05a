"""Helpers shared by the page tests: drive the app as a given (demo) user through AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from reporting.ui.navigation import page

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

# The personas of the small demo database (tests/conftest.py): see reporting/demo/personas.py
OPERATOR = "demo:operator"
MAIN_USER = "demo:main:pohjola"
MAIN_USER_SMALL = "demo:main:saimaa"
ANALYST = "demo:analyst:kaarna"


def app_as(user_id: str, *, lang: str = "fi", org: str | None = None, timeout: float = 60) -> AppTest:
    """An AppTest of the whole app, signed in as ``user_id`` (a demo persona id), run once."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["persona_id"] = user_id
    at.session_state["lang"] = lang
    if org:
        at.session_state["org"] = org
    return at.run()


def open_page(at: AppTest, page_key: str, **query: str) -> AppTest:
    """Switch an already-run AppTest to the page with ``page_key`` and run it."""
    for k, v in query.items():
        at.query_params[k] = v
    return at.switch_page(page(page_key).path).run()


def open_tab(at: AppTest, key: str, label_key: str, *, lang: str = "fi") -> AppTest:
    """Open the tab ``label_key`` (an i18n key) of the lazy tabs ``key``
    (reporting.ui.widgets.lazy_tabs: only the open tab's content runs) and run, as a click on
    the tab does."""
    from reporting.i18n import t

    at.session_state[key] = t(label_key, lang)
    return at.run()


def persona_ids(at: AppTest) -> list[str]:
    """Every persona offered by the picker of a run AppTest."""
    box = at.sidebar.selectbox(key="persona_id")
    return list(box.options_values) if hasattr(box, "options_values") else list(box.options)


def app_as_account(user_id: str, *, lang: str = "fi", org: str | None = None,
                   timeout: float = 60) -> AppTest:
    """An AppTest signed in as a personal account of the state store (what a successful
    login leaves in the session: reporting.access.auth.SESSION_KEY), run once."""
    from reporting.access.auth import SESSION_KEY

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state[SESSION_KEY] = user_id
    at.session_state["lang"] = lang
    if org:
        at.session_state["org"] = org
    return at.run()
