"""The benchmark's browserless sessions (benchmarks/protocol_sessions.py) against the real
server: a page over the websocket protocol runs to its end and shows what a browser would get
(the page's heading, for the demo's default persona); a page the persona may not open is an
error, and so is a page that does not exist. The figures of ``bench --pages --browsers K``
rest on these runs being real page runs."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.protocol_sessions import ProtocolSession, browse, browse_path
from reporting.i18n import t
from tests.e2e.conftest import start_server

pytestmark = pytest.mark.e2e


def _run(coro):
    """``coro`` to its end in a thread of its own: the suite's Playwright (sync API) keeps an
    event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_a_protocol_session_runs_pages_and_reports_what_a_browser_would_see(demo_path, tmp_path, raw):
    server = start_server(demo_path, tmp_path)
    no_access = t("common.no_access", "fi")

    async def scenario():
        session = ProtocolSession(server.url, no_access, timeout_s=60)
        try:
            costs = await session.run("costs")
            drill = await session.run("drilldown", "centre=1000")
            hidden = await session.run("orders-admin")        # the operator's page: not this persona's
            missing = await session.run("no-such-page")
        finally:
            await session.close()
        return costs, drill, hidden, missing

    try:
        costs, drill, hidden, missing = _run(scenario())
    finally:
        server.stop()
    assert costs.error is None and costs.ms > 0
    assert t("page.costs.title", "fi") in costs.texts
    assert drill.error is None and t("page.drilldown.title", "fi") in drill.texts
    assert hidden.error == "PAGE NOT FOUND"
    assert missing.error == "PAGE NOT FOUND"


def test_protocol_sessions_browse_the_whole_path_without_errors(demo_path, tmp_path, raw):
    subs = raw("subscriptions").query("org_id == 'pohjola' and cost_centre == '1000'")
    drill = {"centre": "1000", "sub": subs.subscription_id.iloc[0], "month": "2026-10"}
    server = start_server(demo_path, tmp_path)
    times: dict[str, list[float]] = {}
    errors: list[dict] = []

    async def two():
        done = asyncio.Event()          # cleared: each makes its one round only
        return await asyncio.gather(*(browse(server.url, drill, t("common.no_access", "fi"), rounds=1,
                                             keep_going=done, times=times, errors=errors, timeout_s=60)
                                      for _ in range(2)))

    try:
        runs = _run(two())
    finally:
        server.stop()
    steps = len(browse_path(drill))
    assert errors == [] and runs == [steps, steps]
    assert {k: len(v) for k, v in times.items()} == {step: 2 for step, _, _ in browse_path(drill)}
