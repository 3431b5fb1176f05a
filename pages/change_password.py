"""Change password: the signed-in person's own password. While someone is signed in with a
temporary password (one their main user or the operator set), app.py offers only this page.
The checks are in reporting.access.auth.change_password and reporting.access.passwords."""

import streamlit as st

from reporting.access.auth import change_password
from reporting.i18n import t
from reporting.ui.context import page_context

ctx = page_context("change_password")
st.title(ctx.t("page.change_password.title"))

if ctx.user.is_demo:
    st.info(ctx.t("auth.change.demo"))
    st.stop()
if st.session_state.pop("_password_changed", False):
    st.success(ctx.t("auth.change.done"))
elif ctx.user.must_change_password:
    st.warning(ctx.t("auth.change.must"))

with st.form("change_password", clear_on_submit=True):
    current = st.text_input(ctx.t("auth.change.current"), type="password", key="_pw_current",
                            autocomplete="current-password")
    new = st.text_input(ctx.t("auth.change.new"), type="password", key="_pw_new", autocomplete="new-password")
    repeated = st.text_input(ctx.t("auth.change.repeat"), type="password", key="_pw_repeat",
                             autocomplete="new-password")
    st.caption(ctx.t("auth.change.help"))
    submitted = st.form_submit_button(ctx.t("auth.change.submit"), type="primary")
if submitted:
    problem = change_password(st.session_state, current, new, repeated)
    if problem is None:
        st.session_state["_password_changed"] = True
        st.rerun()
    # an i18n key, or the password rule's own sentence (reporting.access.passwords)
    st.error(t(problem, ctx.lang) if problem.startswith(("auth.", "common.")) else problem)
