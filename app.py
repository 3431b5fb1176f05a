"""Entry point: page config, language, who the user is, navigation for their role."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reporting.alerts.inbox import unread_count
from reporting.i18n import t
from reporting.ui.context import current_user, require_database
from reporting.ui.navigation import SECTIONS, pages_for
from reporting.ui.sidebar import (
    account_menu,
    data_caption,
    demo_persona_picker,
    language_switch,
    organisation_picker,
)
from reporting.ui.text import plain

# The tab icon is the app's own file: a ":material/...:" page icon is fetched by the browser
# from fonts.gstatic.com (issue 14.14: nothing is loaded from another host).
st.set_page_config(page_title="Fokus", page_icon=str(Path(__file__).parent / "reporting/ui/assets/favicon.png"),
                   layout="wide")

lang = language_switch()
require_database(lang)          # shows why and stops when the database cannot be opened

demo_persona_picker(lang)
user = current_user()
if user is None:
    # Not signed in: the sign-in page is the only page, whatever the URL asks for.
    st.navigation([st.Page("pages/login.py", title=t("auth.title", lang), icon=":material/login:",
                           url_path="login", default=True)], position="hidden").run()
    st.stop()

organisation_picker(user, lang)
st.sidebar.caption(t("sidebar.signed_in_as", lang, name=plain(f"{user.name} ({t('role.' + user.role.value, lang)})")))
account_menu(user, lang)
data_caption(lang)
if user.must_change_password:
    # Signed in with a temporary password: changing it is the only page until it is done.
    st.navigation([st.Page("pages/change_password.py", title=t("page.change_password.title", lang),
                           icon=":material/password:", url_path="change_password", default=True)],
                  position="hidden").run()
    st.stop()

sections: dict[str, list] = {}
specs = pages_for(user.role)
# the alerts page's title in the menu tells how many alerts are unread (the "bell")
unread = unread_count(user, user.org_id or st.session_state.get("org")) if any(p.key == "alerts" for p in specs) else 0
for spec in specs:
    title = t("alerts.sidebar", lang, n=unread) if spec.key == "alerts" and unread else t(spec.title, lang)
    # the default page is served at "/" whatever its url_path; its key is the hidden alias's
    # (below), and two pages may not declare one pathname
    page = st.Page(spec.path, title=title, icon=spec.icon, default=spec.default,
                   url_path=f"{spec.key}_default" if spec.default else spec.key)
    sections.setdefault(spec.section, []).append(page)
    if spec.default:
        home = page


def home_alias() -> None:
    """``/home`` (the home page's name, bookmarked or typed) is the home page at ``/``, with
    the link's query parameters; Streamlit serves the default page only at ``/``."""
    st.switch_page(home, query_params={k: st.query_params.get_all(k) for k in st.query_params})


# hidden: not in the menu, only a URL
sections[next(iter(sections))].append(st.Page(home_alias, title=home.title, url_path="home", visibility="hidden"))
nav = st.navigation({t(s, lang): sections[s] for s in SECTIONS if s in sections}, expanded=True)
nav.run()
