"""Saldoviesti: preview the month's messages, edit the template, choose the recipients,
download the outbox for the SMS gateway."""

import streamlit as st

from reporting.access.permissions import is_operator
from reporting.i18n import fmt_month, fmt_number
from reporting.messages.saldoviesti import (
    PLACEHOLDERS,
    MessageError,
    outbox_csv,
    preference_changes,
    sample_length,
    save_preferences,
    save_template,
    settings_for,
)
from reporting.ui.cache import load_report
from reporting.ui.context import page_context
from reporting.ui.downloads import lazy_download_buttons
from reporting.ui.paging import search_and_page as paged
from reporting.ui.tables import show_table
from reporting.ui.text import plain
from reporting.ui.widgets import Kpi, kpi_row, kpi_values

ctx = page_context("messages")
st.title(ctx.t("page.messages.title"))
st.caption(ctx.t("messages.intro"))
if not ctx.scope.whole_organisation:
    st.info(ctx.t("common.choose_org") if is_operator(ctx.user) else ctx.t("common.no_access"))
    st.stop()
org = ctx.scope.org_id

months = [m.date() for m in load_report("saldoviesti-months", ctx.scope).month]
if not months:
    st.info(ctx.t("messages.none"))
    st.stop()
month = st.selectbox(ctx.t("messages.month"), months, format_func=lambda m: fmt_month(m, ctx.lang),
                     key="msg_month")
settings = settings_for(org)
# the settings' digest is in every cache key: a saved template or opt-out shows at once. The
# month's messages are computed once per (data version, settings) and shared by all sessions
# (reporting.messages.saldoviesti.messages_of); the page asks only for what it shows.
report_args = {"month": month, "state_version": settings.version}
k = kpi_values(load_report("saldoviesti-kpis", ctx.scope, **report_args),
               messages=0, segments=0, multi_segment_messages=0, opted_out=0)
kpi_row([
    Kpi(ctx.t("messages.kpi_messages"), fmt_number(k["messages"], ctx.lang)),
    Kpi(ctx.t("messages.kpi_segments"), fmt_number(k["segments"], ctx.lang)),
    Kpi(ctx.t("messages.kpi_multi"), fmt_number(k["multi_segment_messages"], ctx.lang)),
    Kpi(ctx.t("messages.kpi_opted_out"), fmt_number(k["opted_out"], ctx.lang)),
])


def all_messages():
    return load_report("saldoviesti", ctx.scope, **report_args)


# built when clicked, not on every run
st.download_button(ctx.t("messages.download_outbox"), data=lambda: outbox_csv(all_messages()),
                   file_name=f"saldoviesti_{org}_{month:%Y-%m}.csv", mime="text/csv",
                   help=ctx.t("messages.outbox_help"), key="msg_outbox", on_click="ignore",
                   icon=":material/sms:")

PREVIEW_COLUMNS = ["phone_number", "user_name", "cost_centre", "language", "opted_out", "text",
                   "characters", "segments", "encoding"]


def search_and_page(key: str) -> tuple[str, int, int]:
    """A search field and a page number: (query, offset, matches)."""
    paging = paged(key, ctx.lang, lambda query: int(kpi_values(load_report(
        "saldoviesti-matches", ctx.scope, query=query, **report_args), matches=0)["matches"]),
        search_label=ctx.t("messages.search"), placeholder=ctx.t("messages.search_placeholder"),
        no_matches=ctx.t("messages.no_matches"), rows_key="messages.rows_shown",
        restart_on=f"{month:%Y%m}")
    return paging.query, paging.offset, paging.matches


@st.fragment
def preview_part() -> None:
    query, offset, matches = search_and_page("msg_preview")
    if matches:
        rows = load_report("saldoviesti-search", ctx.scope, query=query, offset=offset, **report_args)
        show_table(rows[PREVIEW_COLUMNS], lang=ctx.lang, key="msg_preview", report="saldoviesti",
                   downloads=False)
    # every message of the month, built when a button is clicked
    lazy_download_buttons(lambda: all_messages()[PREVIEW_COLUMNS], lang=ctx.lang, key="msg_preview",
                          report="saldoviesti", parts=[org, f"{month:%Y-%m}"])
    st.caption(ctx.t("messages.segments_rule"))


@st.fragment
def recipients_part() -> None:
    st.caption(ctx.t("messages.recipients_help"))
    query, offset, matches = search_and_page("msg_recipients")
    if not matches:
        return
    rows = load_report("saldoviesti-search", ctx.scope, query=query, offset=offset, **report_args)
    editable = rows[["subscription_id", "phone_number", "user_name", "language", "opted_out"]].copy()
    # one editor per slice and settings: an edit never lands on another page's row
    edited = st.data_editor(
        editable, key=f"msg_recipients_{month:%Y%m}_{offset}_{settings.version}_{query}", hide_index=True,
        width="stretch", disabled=["subscription_id", "phone_number", "user_name"],
        column_config={
            "subscription_id": st.column_config.TextColumn(ctx.t("col.subscription_id")),
            "phone_number": st.column_config.TextColumn(ctx.t("col.phone_number")),
            "user_name": st.column_config.TextColumn(ctx.t("col.user_name")),
            "language": st.column_config.SelectboxColumn(ctx.t("col.language"), options=["fi", "en"],
                                                         required=True),
            "opted_out": st.column_config.CheckboxColumn(ctx.t("col.opted_out")),
        })
    if st.button(ctx.t("messages.save_recipients"), key="msg_save_recipients"):
        try:
            save_preferences(ctx.user, ctx.db, org, preference_changes(edited, editable))
            st.success(ctx.t("messages.saved"))
            st.rerun()
        except MessageError as exc:
            st.error(plain(str(exc)))


preview, template_tab, recipients = st.tabs(
    [ctx.t("messages.tab_preview"), ctx.t("messages.tab_template"), ctx.t("messages.tab_recipients")])

with preview:
    preview_part()

@st.fragment
def template_part() -> None:
    """Typing a template reruns only this part (its example and length)."""
    st.caption(ctx.t("messages.placeholders", fields=", ".join("{" + p + "}" for p in PLACEHOLDERS)))
    for lang_code in ("fi", "en"):
        body = st.text_area(ctx.t("messages.template_for", lang=lang_code.upper()),
                            value=settings.templates[lang_code], key=f"msg_template_{lang_code}",
                            max_chars=400)
        text, chars, segments, encoding = sample_length(body, lang_code)
        st.caption(ctx.t("messages.sample", chars=chars, segments=segments, encoding=encoding))
        st.code(text, language=None, wrap_lines=True)
        if st.button(ctx.t("messages.save_template"), key=f"msg_save_{lang_code}"):
            try:
                save_template(ctx.user, org, lang_code, body)
                st.success(ctx.t("messages.saved"))
                st.rerun()
            except MessageError as exc:
                st.error(plain(str(exc)))


with template_tab:
    template_part()

with recipients:
    recipients_part()
