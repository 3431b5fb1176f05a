"""Sessions that browse over Streamlit's own websocket protocol, without a browser: the "other
sessions online" while Chromium measures (benchmarks/bench_pages.py ``--browsers K``).

On this 2-core machine 50 Chromium renderers take the cores from the server they measure
(load average 30 and more), so a run of 50 browsers measures the browsers. A protocol session
is what the server sees of a person's browser: it opens ``/_stcore/stream`` as the app's
JavaScript does, asks for a page with its query string (a deep link: each drill level is one),
and reads every message of the run until the script has finished. The server does all the
work it does for a browser (the script, the caches, the tables and charts serialised and
sent); only the drawing is left out. Each run's time, from the request to the script's end,
is what the server made that session wait.

A run counts as an error when it shows an exception, the no-access message, Streamlit's
"page not found", or does not finish within the timeout.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class RunResult:
    page: str
    query: str
    ms: float | None
    error: str | None = None
    texts: list[str] = field(default_factory=list)


def _texts(msg: ForwardMsg) -> list[str]:
    """The text an element of this message shows (markdown, alerts, headings, exceptions)."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return []
    el = msg.delta.new_element
    kind = el.WhichOneof("type")
    if kind == "markdown":
        return [el.markdown.body]
    if kind == "alert":
        return [el.alert.body]
    if kind == "heading":
        return [el.heading.body]
    if kind == "exception":
        return [f"EXCEPTION {el.exception.type}: {el.exception.message}"]
    return []


class ProtocolSession:
    """One browser session's websocket, kept open between runs as a browser keeps it."""

    def __init__(self, base_url: str, no_access_text: str, timeout_s: float = 120):
        parts = urlsplit(base_url)
        self.ws_url = f"ws://{parts.netloc}/_stcore/stream"
        self.no_access = no_access_text
        self.timeout_s = timeout_s
        self.ws = None

    async def open(self) -> None:
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout_s)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, page: str, query: str = "") -> RunResult:
        """Ask for ``page`` (its url path, "" for the home page) with ``query`` and wait until
        the script has finished."""
        if self.ws is None:
            await self.open()
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        started = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        texts: list[str] = []
        deadline = started + self.timeout_s
        try:
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError
                raw = await asyncio.wait_for(self.ws.recv(), timeout=left)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "page_not_found":
                    texts.append("PAGE NOT FOUND")
                texts += _texts(msg)
                if kind == "script_finished" and msg.script_finished in FINISHED:
                    break
        except TimeoutError:
            return RunResult(page, query, None, f"not finished in {self.timeout_s:.0f} s", texts)
        ms = (time.perf_counter() - started) * 1000
        error = next((t for t in texts if t.startswith(("EXCEPTION", "PAGE NOT FOUND"))), None)
        if error is None and any(self.no_access in t for t in texts):
            error = "no-access message"
        return RunResult(page, query, ms, error, texts)


def browse_path(drill: dict) -> list[tuple[str, str, str]]:
    """(step, page, query) of the sessions' path: the bench's Chromium path as deep links."""
    centre, sub, month = drill["centre"], drill["sub"], drill["month"]
    return [("overview", "costs", ""), ("drill-0 organisation", "drilldown", ""),
            ("drill-1 centre", "drilldown", f"centre={centre}"),
            ("drill-2 subscription", "drilldown", f"centre={centre}&sub={sub}"),
            ("drill-3 month", "drilldown", f"centre={centre}&sub={sub}&month={month}"),
            ("usage", "usage", ""), ("optimisation", "optimisation", ""), ("messages", "messages", "")]


async def browse(base_url: str, drill: dict, no_access_text: str, *, rounds: int, keep_going: asyncio.Event,
                 times: dict[str, list[float]], errors: list[dict], timeout_s: float = 120,
                 think_s: float = 0.0) -> int:
    """One protocol session: the path ``rounds`` times, then on until ``keep_going`` is
    cleared (the measured browsers are done). Returns the runs made."""
    session = ProtocolSession(base_url, no_access_text, timeout_s)
    made = 0
    try:
        await session.open()
        r = 0
        while r < rounds or keep_going.is_set():
            for step, page, query in browse_path(drill):
                res = await session.run(page, query)
                made += 1
                if res.error:
                    errors.append({"phase": "protocol sessions", "page": step, "url": f"/{page}?{query}",
                                   "text": res.error})
                elif res.ms is not None:
                    times.setdefault(step, []).append(res.ms)
                if think_s:
                    await asyncio.sleep(think_s)
                if r >= rounds and not keep_going.is_set():
                    break
            r += 1
    except (OSError, websockets.WebSocketException) as exc:
        errors.append({"phase": "protocol sessions", "page": "-", "url": session.ws_url,
                       "text": f"{type(exc).__name__}: {exc}"})
    finally:
        await session.close()
    return made
