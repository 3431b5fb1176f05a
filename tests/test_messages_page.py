"""The Saldoviesti page (AppTest, issue 19): key figures equal to the month's messages, a
preview and a recipients editor of one page of rows at a time with server-side search and
paging, never the whole month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.access.scope import Scope
from reporting.core.db import Database
from reporting.i18n import fmt_number, t
from reporting.messages.saldoviesti import PAGE_ROWS, saldoviesti
from tests.helpers import MAIN_USER, app_as, open_page

OCT = dt.date(2026, 10, 1)


def _messages(demo_path) -> pd.DataFrame:
    db = Database(demo_path)
    try:
        return saldoviesti(db, Scope("pohjola"), month=OCT)
    finally:
        db.close()


def _frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def test_key_figures_and_one_page_of_rows(app_env, demo_path):
    msgs = _messages(demo_path).sort_values("subscription_id")
    assert len(msgs) > PAGE_ROWS
    at = open_page(app_as(MAIN_USER), "messages")
    assert not at.exception and not at.error, [e.value for e in at.error]
    sending = msgs[~msgs.opted_out]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("messages.kpi_messages", "fi")] == fmt_number(len(sending), "fi")
    assert metrics[t("messages.kpi_segments", "fi")] == fmt_number(int(sending.segments.sum()), "fi")
    preview, editor = _frames(at)
    # the first page: the first PAGE_ROWS messages in subscription order, no more
    assert list(preview.phone_number) == list(msgs.phone_number[:PAGE_ROWS])
    assert list(preview.text) == list(msgs.text[:PAGE_ROWS])
    assert list(editor.subscription_id) == list(msgs.subscription_id[:PAGE_ROWS])
    captions = " ".join(c.value for c in at.caption)
    assert f"1–{PAGE_ROWS} / {fmt_number(len(msgs), 'fi')}" in captions


def test_the_second_page_and_a_search(app_env, demo_path):
    msgs = _messages(demo_path).sort_values("subscription_id")
    at = open_page(app_as(MAIN_USER), "messages")
    at.number_input(key="msg_preview_page").set_value(2).run()
    assert not at.exception
    preview = _frames(at)[0]
    assert list(preview.phone_number) == list(msgs.phone_number[PAGE_ROWS:2 * PAGE_ROWS])
    # a user's surname: every match, in any case
    name = msgs.user_name.dropna().iloc[7].split()[-1]
    want = msgs[msgs.user_name.fillna("").str.lower().str.contains(name.lower(), regex=False)
                | msgs.cost_centre.fillna("").str.lower().str.contains(name.lower(), regex=False)]
    at.text_input(key="msg_preview_search").set_value(name.upper()).run()
    preview = _frames(at)[0]
    assert list(preview.phone_number) == list(want.phone_number[:PAGE_ROWS])
    # a phone number in its local form with spaces finds its message
    e164 = msgs.phone_number.iloc[3]
    local = "0" + e164[4:7] + " " + e164[7:]
    at.text_input(key="msg_recipients_search").set_value(local).run()
    editor = _frames(at)[1]
    assert list(editor.subscription_id) == [msgs.subscription_id.iloc[3]]
    at.text_input(key="msg_recipients_search").set_value("no such person").run()
    assert t("messages.no_matches", "fi") in [i.value for i in at.info]
    assert len(_frames(at)) == 1


def test_a_template_typed_shows_its_example_and_a_saved_one_its_messages(app_env, demo_path):
    at = open_page(app_as(MAIN_USER), "messages")
    at.text_area(key="msg_template_fi").set_value("Hei {number}: {cost}").run()
    assert not at.exception
    assert any(c.value.startswith("Hei 040 123 4567: 24,90") for c in at.code)
    at.button(key="msg_save_fi").click().run()
    assert not at.exception and not at.error
    preview = _frames(at)[0]
    msgs = _messages(demo_path).sort_values("subscription_id")
    assert list(preview.text) == list(msgs.text[:PAGE_ROWS])
    assert all(text.startswith("Hei ") for text in preview.text)
