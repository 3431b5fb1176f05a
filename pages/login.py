"""Sign in: a personal account's e-mail and password, or the organisation's identity provider
(OpenID Connect through st.login) when .streamlit/secrets.toml configures one. app.py runs this
as the only page until someone is signed in; the checks are in reporting.access.auth."""

import streamlit as st

from reporting.access.auth import (
    SHOW_LOGIN_KEY,
    account_for_oidc,
    authenticate,
    client_source,
    oidc_providers,
    sign_in,
)
from reporting.i18n import t
from reporting.ui.context import current_lang

lang = current_lang()


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: OIDC is simply not configured
        return {}


def _oidc_claims() -> dict | None:
    try:
        return st.user.to_dict() if st.user.is_logged_in else None
    except Exception:  # no [auth] section, or a runtime without st.user
        return None


st.title(t("app.name", lang))
st.subheader(t("auth.title", lang))

providers = oidc_providers(_secrets())
claims = _oidc_claims() if providers else None
if claims is not None:
    result = account_for_oidc(claims)
    if result.ok:
        sign_in(st.session_state, result.user_id)
        st.rerun()
    st.error(t(result.message, lang, **result.values))
    if st.button(t("auth.sign_out", lang), key="_oidc_out"):
        st.logout()

with st.form("login", clear_on_submit=True):
    email = st.text_input(t("auth.email", lang), key="_login_email", autocomplete="username")
    password = st.text_input(t("auth.password", lang), type="password", key="_login_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
if submitted:
    # counted against the client's address (reporting.access.auth.client_source), never the account
    result = authenticate(email, password, source=client_source(st.context.ip_address))
    if result.ok:
        sign_in(st.session_state, result.user_id)
        st.rerun()
    st.error(t(result.message, lang, **result.values))

for provider in providers:
    label = t("auth.oidc_button", lang) if provider is None else t("auth.oidc_button_named", lang,
                                                                     name=provider)
    if st.button(label, key=f"_oidc_{provider or 'default'}", icon=":material/key:"):
        st.login(provider) if provider else st.login()

if st.session_state.get(SHOW_LOGIN_KEY):
    if st.button(t("auth.back_to_demo", lang), key="_back_to_demo"):
        st.session_state.pop(SHOW_LOGIN_KEY, None)
        st.rerun()
