"""The page benchmark of issue 19 (``python -m reporting bench --pages``): the real server
(``python -m reporting serve``, headless, on a free port, as tests/e2e/conftest.py starts it) on a
database, driven by Chromium through Playwright, measuring what a user feels:

- every page for every demo persona (operator, each organisation's main user, the manager, the
  employee, the analyst): the first visit after the server started and the warm visits after it
  (``--warm N``), each page opened from the sidebar navigation inside the persona's session;
- the first page a fresh browser opens, and a persona switch (the demo picker);
- concurrent sessions (``--sessions 10,50``): N browser contexts of one Chromium, all the
  largest organisation's main user (the demo's default persona), each browsing overview ->
  drill-down three levels -> usage -> optimisation -> messages, ``--rounds R`` times. With
  ``--browsers K`` only K of them are in Chromium and the others are sessions over Streamlit's
  websocket protocol (benchmarks/protocol_sessions.py): the same path as deep links, all the
  server's work without 50 renderers on the server's 2 cores; they browse on until the
  browsers are done, so the measured sessions always have the others online. With
  ``--think S`` every session pauses S seconds after each page, as a person reads it (the
  default 0 clicks on at once: a harder load than people);
- a shared deep drill-down link (centre, subscription, month in the URL) as the first request of
  a freshly started server, and again.

Settle time: from the navigation (the click, the ``goto``) until Streamlit is idle (the app is
CONNECTED and its script state ``notRunning``, the state the running indicator shows), the server
has sent nothing more on the websocket and the browser has had no HTTP request in flight, all for
0.5 s; the time is taken at the start of that quiet period (the last message or request). An error is an exception box, the no-access text, a "Page not found" dialog, a
timeout, or a page whose sidebar does not say the session's persona is signed in (or, for a
customer persona, that shows another organisation's name).

The server's memory (VmRSS summed over its process tree, every 0.5 s) and the load average are
sampled throughout; the peak per phase is printed. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from reporting.core.local_server import LocalServer

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# tests/e2e/conftest.py CHROMIUM_ARGS, and: every session's page runs its timers as a visible
# one (a user's tab is in front; otherwise Chromium throttles the pages it thinks are hidden and
# the idle detection below would lag behind the page by seconds)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]
QUIET_MS = 500
POLL_S = 0.1

# Installed in every page before its scripts: remembers since when Streamlit has been idle.
IDLE_SCRIPT = """
(() => {
  let idleSince = null;
  let runs = 0;
  const check = () => {
    const a = document.querySelector('[data-testid="stApp"]');
    const idle = !!a && a.getAttribute('data-test-connection-state') === 'CONNECTED'
                 && a.getAttribute('data-test-script-state') === 'notRunning';
    if (idle && idleSince === null) idleSince = Date.now();
    if (!idle) idleSince = null;
  };
  const start = () => {
    // a rerun can start and end between two callbacks: any change of the script state
    // restarts the quiet period, even when the state is back to notRunning when we look
    new MutationObserver(records => {
      if (records.some(r => r.attributeName === 'data-test-script-state')) { idleSince = null; runs += 1; }
      check();
    }).observe(document.documentElement, {
      subtree: true, attributes: true,
      attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
    setInterval(check, 50);
    check();
  };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  window.__benchIdle = () => ({idleSince: idleSince, path: location.pathname, search: location.search,
                                runs: runs, now: Date.now()});
})();
"""


# ----------------------------------------------------------------------------- the server

class Server(LocalServer):
    """The real server on ``db`` (only read), in demo mode (its personas)."""

    def __init__(self, db: Path, tmp: Path, name: str, processes: int = 1):
        super().__init__(db, tmp, name=f"streamlit-{name}", processes=processes, env={"REPORTING_DEMO": "1"})

    def wait_healthy(self, timeout: float = 300) -> None:
        super().wait_healthy(timeout)


# ----------------------------------------------------------------------------- memory, load

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss_mb(pid: int) -> float:
    """VmRSS summed over ``pid`` and its descendants, from /proc/<pid>/status."""
    kids = _children()
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, ()))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


class Sampler(threading.Thread):
    """Every 0.5 s: the server tree's RSS and os.getloadavg(), by the current phase."""

    def __init__(self):
        super().__init__(daemon=True)
        self.pid: int | None = None
        self.phase = "idle"
        self.rss: dict[str, float] = {}
        self.load: dict[str, list[float]] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.5):
            phase = self.phase
            self.load.setdefault(phase, []).append(os.getloadavg()[0])
            if self.pid is not None:
                self.rss[phase] = max(self.rss.get(phase, 0.0), tree_rss_mb(self.pid))

    def stop(self) -> None:
        self._halt.set()
        self.join(2)


# ----------------------------------------------------------------------------- the browser

@dataclass
class Persona:
    user_id: str
    name: str
    role: str            # Role.value
    org_id: str | None
    label: str           # the demo picker's option
    signed_in: str       # the sidebar's "signed in as" caption
    pages: list[str]     # page keys of the navigation
    default: bool = False


@dataclass
class Probe:
    """What a page must (not) show: the persona marker, other organisations' names."""
    no_access: tuple[str, ...]
    others: dict[str | None, list[str]]     # org id -> names of the other organisations


@dataclass
class Result:
    ms: float | None
    error: str | None = None
    url: str = ""


@dataclass
class Net:
    inflight: set = field(default_factory=set)
    last_done: float = 0.0          # the last HTTP request finished (ms)
    last_frame: float = 0.0         # the last message from the server on the websocket (ms)


def _now_ms() -> float:
    return time.time() * 1000


async def new_page(browser):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(IDLE_SCRIPT)
    pg = await context.new_page()
    pg.set_default_timeout(60_000)
    net = Net()

    def started(req):
        net.inflight.add(req)

    def done(req):
        net.inflight.discard(req)
        net.last_done = _now_ms()

    def frame(_payload):
        net.last_frame = _now_ms()

    pg.on("websocket", lambda ws: ws.on("framereceived", frame))
    pg.on("request", started)
    pg.on("requestfinished", done)
    pg.on("requestfailed", done)
    pg._bench_net = net
    return context, pg


async def settle(pg, t0: float, paths: set[str] | None, timeout_s: float, query: str | None = None) -> float:
    """Milliseconds from ``t0`` until idle (see the module's docstring) on one of ``paths``
    with ``query`` in the URL's query string; TimeoutError else."""
    net: Net = pg._bench_net
    deadline = time.monotonic() + timeout_s
    state = None
    while time.monotonic() < deadline:
        try:
            state = await pg.evaluate("() => window.__benchIdle ? window.__benchIdle() : null")
        except Exception:         # the document is being replaced
            state = None
        now = _now_ms()
        # a run that starts and ends within one render leaves no trace in the DOM, but its
        # messages came on the websocket after t0: either shows that the action was answered
        answered = state and state["idleSince"] and (state["idleSince"] >= t0 or net.last_frame >= t0)
        if answered and (paths is None or state["path"] in paths) and not net.inflight \
                and (query is None or query in state["search"]):
            quiet_from = max(state["idleSince"], net.last_frame, net.last_done if net.last_done >= t0 else 0)
            if now - quiet_from >= QUIET_MS:
                return quiet_from - t0
        await asyncio.sleep(POLL_S)
    pending = sorted({r.url.split("?")[0][-60:] for r in net.inflight})[:3]
    raise TimeoutError(f"not settled in {timeout_s:.0f} s (last state {state}, requests in flight {pending})")


async def check(pg, persona: Persona, probe: Probe) -> str | None:
    """The error a settled page shows, or None."""
    exc = pg.locator('[data-testid="stException"]')
    if await exc.count():
        return "exception: " + " ".join((await exc.first.inner_text()).split())[:300]
    body = await pg.inner_text("body")
    for text in probe.no_access:
        if text in body:
            return f"no-access text: {text!r}"
    if "Page not found" in body:
        return "Page not found dialog"
    side = pg.locator('[data-testid="stSidebar"]')
    sidebar = await side.inner_text() if await side.count() else ""
    if persona.signed_in not in sidebar:
        marker = [line for line in sidebar.splitlines() if line.startswith(persona.signed_in.split(":")[0])]
        return f"wrong persona: expected {persona.signed_in!r}, sidebar says {marker[:1] or 'nothing'}"
    for name in probe.others.get(persona.org_id, []) if persona.role != "operator" else []:
        if name in body:
            return f"another organisation's name on the page: {name!r}"
    return None


async def measure(pg, persona: Persona, probe: Probe, action, paths: set[str] | None,
                  timeout_s: float, query: str | None = None) -> Result:
    t0 = _now_ms()
    try:
        await action()
        ms = await settle(pg, t0, paths, timeout_s, query)
    except Exception as exc:     # a timeout or a failed navigation is a measured error
        return Result(None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}", pg.url)
    return Result(ms, await check(pg, persona, probe), pg.url)


def page_paths(key: str, default_key: str) -> set[str]:
    """The default page lives at ``/`` (Streamlit ignores its url_path), every other at ``/<key>``."""
    return {"/"} if key == default_key else {f"/{key}"}


async def goto(pg, persona, probe, url: str, paths, timeout_s) -> Result:
    return await measure(pg, persona, probe, lambda: pg.goto(url, wait_until="commit"), paths, timeout_s)


async def click_page(pg, persona, probe, key: str, default_key: str, timeout_s) -> Result:
    base = pg.url.split("/", 3)
    href = f"{base[0]}//{base[2]}/" + ("" if key == default_key else key)
    link = pg.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]').first
    return await measure(pg, persona, probe, link.click, page_paths(key, default_key), timeout_s)


async def click_first_row(pg, persona, probe, key_prefix: str, param: str, timeout_s) -> Result:
    """Drill one level as a user does: pick the first row of the grid whose widget key starts
    with ``key_prefix`` (its row marker), settled when ``param`` is in the URL."""
    async def pick():
        grid = pg.locator(f'[class*="st-key-{key_prefix}"] [data-testid="stDataFrame"]').first
        await grid.wait_for()
        await grid.locator("td").first.wait_for(state="attached")
        await grid.scroll_into_view_if_needed()
        await pg.wait_for_timeout(300)        # the scroll settles (not counted: t0 is before it)
        box = await grid.bounding_box()
        await pg.mouse.click(box["x"] + 18, box["y"] + 35 + 17)      # the first row's marker
    return await measure(pg, persona, probe, pick, {"/drilldown"}, timeout_s, query=f"{param}=")


async def switch_persona(pg, persona, probe, timeout_s) -> Result:
    async def choose():
        await pg.get_by_role("combobox", name="Demokäyttäjä", exact=True).click()
        await pg.keyboard.type(persona.name)       # the list opens filtered (it is virtualised)
        await pg.get_by_role("option", name=persona.label, exact=True).click()
    return await measure(pg, persona, probe, choose, None, timeout_s)


# ----------------------------------------------------------------------------- phases

class Run:
    def __init__(self, base: str, probe: Probe, timeout_s: float, default_key: str):
        self.base, self.probe, self.timeout_s, self.default_key = base, probe, timeout_s, default_key
        self.errors: list[dict] = []

    def note(self, phase: str, persona: Persona, page: str, res: Result, server: Server) -> None:
        if res.error:
            self.errors.append({"phase": phase, "persona": persona.user_id, "page": page, "url": res.url,
                                "text": res.error, "server_log": server.log_tail()})
            print(f"  ERROR {phase} {persona.user_id} {page} {res.url}: {res.error}", flush=True)


def _order(pages: list[str], first: str) -> list[str]:
    """Never click the page already open: the one a session starts on goes last."""
    return [p for p in pages if p != first] + ([first] if first in pages else [])


async def roles_phase(browser, run: Run, personas: list[Persona], warm: int, server: Server) -> dict:
    out: dict = {}
    for persona in personas:
        print(f"  persona {persona.user_id} ({len(persona.pages)} pages)", flush=True)
        context, pg = await new_page(browser)
        entry: dict = {"role": persona.role, "name": persona.name, "pages": {}}
        try:
            res = await goto(pg, persona if persona.default else _default_of(personas), run.probe,
                             f"{run.base}/", page_paths(run.default_key, run.default_key),
                             run.timeout_s)
            entry["fresh_first_page_ms"] = res.ms
            run.note("fresh-browser", persona, run.default_key, res, server)
            if not persona.default:
                res = await switch_persona(pg, persona, run.probe, run.timeout_s)
                entry["persona_switch_ms"] = res.ms
                run.note("persona-switch", persona, run.default_key, res, server)
            order = _order(persona.pages, run.default_key)
            for visit in range(1 + warm):
                for key in order:
                    res = await click_page(pg, persona, run.probe, key, run.default_key, run.timeout_s)
                    run.note("first" if visit == 0 else "warm", persona, key, res, server)
                    cell = entry["pages"].setdefault(key, {"first": None, "warm": []})
                    if visit == 0:
                        cell["first"] = res.ms
                    elif res.ms is not None:
                        cell["warm"].append(res.ms)
        finally:
            await context.close()
        for cell in entry["pages"].values():
            cell["second"] = cell["warm"][0] if cell["warm"] else None
            cell["median"] = statistics.median(cell["warm"]) if cell["warm"] else None
            cell["p95"] = pct(cell["warm"], 95)
        out[persona.user_id] = entry
        print("    " + ", ".join(f"{k} {fmt(c['first']).strip()}/{fmt(c['second']).strip()}"
                                 for k, c in entry["pages"].items()), flush=True)
    return out


def _default_of(personas: list[Persona]) -> Persona:
    return next(p for p in personas if p.default)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def session_task(browser, run: Run, persona: Persona, drill: dict, rounds: int, server: Server,
                       times: dict[str, list[float]], think_s: float = 0.0) -> None:
    """One session in Chromium: the browse path ``rounds`` times, pausing ``think_s`` seconds
    after each page (a person reading it; 0: clicking on at once)."""
    context, pg = await new_page(browser)
    steps = [("overview", None), ("drill-0 organisation", None), ("drill-1 centre", ("drill_children_", "centre")),
             ("drill-2 subscription", ("drill_subs_", "sub")), ("drill-3 month", ("drill_month_rows_", "month")),
             ("usage", None), ("optimisation", None), ("messages", None)]
    pages = {"overview": "costs", "drill-0 organisation": "drilldown", "usage": "usage",
             "optimisation": "optimisation", "messages": "messages"}
    try:
        for r in range(rounds):
            for label, row in steps:
                if r == 0 and label == "overview":
                    res = await goto(pg, persona, run.probe, f"{run.base}/costs", {"/costs"}, run.timeout_s)
                elif row is not None:          # a drill level: a click on a row of the grid
                    res = await click_first_row(pg, persona, run.probe, row[0], row[1], run.timeout_s)
                else:
                    res = await click_page(pg, persona, run.probe, pages[label], run.default_key, run.timeout_s)
                run.note("sessions", persona, label, res, server)
                if res.ms is not None:
                    times.setdefault(label, []).append(res.ms)
                if think_s:
                    await asyncio.sleep(think_s)
    finally:
        await context.close()


def _summary(times: dict[str, list[float]]) -> dict:
    every = [ms for v in times.values() for ms in v]
    return {"count": len(every), "p50": pct(every, 50), "p95": pct(every, 95), "max": max(every) if every else None,
            "by_step": {k: {"p50": pct(v, 50), "p95": pct(v, 95), "max": max(v)} for k, v in times.items()}}


async def sessions_phase(browser, run: Run, persona: Persona, drill: dict, n: int, rounds: int,
                         server: Server, browsers: int | None = None, think_s: float = 0.0) -> dict:
    """``n`` sessions at once: ``browsers`` of them in Chromium (all without it), the others
    over the websocket protocol (benchmarks/protocol_sessions.py), browsing on until the
    browsers are done so that the measured ones always have the others beside them."""
    from benchmarks.protocol_sessions import browse as protocol_browse

    k = n if browsers is None else max(1, min(browsers, n))
    times: dict[str, list[float]] = {}
    ptimes: dict[str, list[float]] = {}
    perrors: list[dict] = []
    before = len(run.errors)
    start = time.monotonic()
    keep_going = asyncio.Event()
    keep_going.set()
    others = [asyncio.create_task(protocol_browse(run.base, drill, run.probe.no_access[0], rounds=rounds,
                                                  keep_going=keep_going, times=ptimes, errors=perrors,
                                                  timeout_s=run.timeout_s, think_s=think_s))
              for _ in range(n - k)]
    try:
        await asyncio.gather(*(session_task(browser, run, persona, drill, rounds, server, times, think_s)
                               for _ in range(k)))
    finally:
        keep_going.clear()
        runs = await asyncio.gather(*others)
    out = {"sessions": n, "browsers": k, "rounds": rounds, "think_s": think_s, "wall_s": time.monotonic() - start,
           **_summary(times), "errors": run.errors[before:] + perrors}
    if others:
        out["protocol"] = {"sessions": n - k, "runs": sum(runs), **_summary(ptimes), "errors": perrors}
    return out


# ----------------------------------------------------------------------------- setup

def load_personas(db_path: Path, quick: bool):
    from reporting.core.db import Database, stores
    from reporting.demo.personas import demo_personas
    from reporting.i18n import t
    from reporting.ui.navigation import pages_for

    db = Database(db_path)
    # a store root (one store per organisation): the personas of its largest tenants, as the
    # app's persona picker offers them (reporting/ui/context.py store_databases)
    users = demo_personas(*([db.for_org(o) for o in stores.largest_tenants(db_path, 3)]
                            if stores.is_store_root(db_path) else [db]))
    orgs = {o: n for o, n in db.rows("SELECT org_id, name FROM organisations")
            if o in {u.org_id for u in users}}     # the names another persona must never see
    default_id = next(u.user_id for u in users if u.role.value == "main_user")
    out = []
    for u in users:
        label = f"{u.name} ({t('role.' + u.role.value, 'fi')})"
        out.append(Persona(u.user_id, u.name, u.role.value, u.org_id, label,
                           t("sidebar.signed_in_as", "fi", name=label),
                           [p.key for p in pages_for(u.role)], default=u.user_id == default_id))
    if quick:       # one persona per kind (the default main user for the main users)
        seen, kept = set(), []
        for p in sorted(out, key=lambda p: not p.default):
            if p.role not in seen:
                seen.add(p.role)
                kept.append(p)
        out = [p for p in out if p in kept]
    big = _default_of(out)
    db_all, db = db, db.for_org(big.org_id)
    month = db.rows("SELECT max(invoice_month) FROM charges WHERE org_id = ?", [big.org_id])[0][0]
    centre = db.rows("SELECT s.cost_centre FROM subscriptions s JOIN cost_centres c ON c.org_id = s.org_id "
                     "AND c.code = s.cost_centre WHERE s.org_id = ? GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
                     [big.org_id])[0][0]
    sub = db.rows("SELECT subscription_id FROM charges WHERE org_id = ? AND invoice_month = ? AND cost_centre = ? "
                  "GROUP BY 1 ORDER BY sum(amount) DESC, 1 LIMIT 1", [big.org_id, month, centre])
    sub = sub[0][0] if sub else db.rows("SELECT subscription_id FROM subscriptions WHERE org_id = ? AND "
                                        "cost_centre = ? ORDER BY 1 LIMIT 1", [big.org_id, centre])[0][0]
    drill = {"centre": centre, "sub": sub, "month": f"{month:%Y-%m}"}
    probe = Probe(no_access=(t("common.no_access", "fi"), t("common.no_access", "en")),
                  others={o: [n for k, n in orgs.items() if k != o] for o in orgs})
    db_all.close()
    return out, probe, drill


# ----------------------------------------------------------------------------- the run

def fmt(ms: float | None) -> str:
    return "   —  " if ms is None else f"{ms / 1000:6.2f}"


# page key -> the product's report functions the page calls, as `bench` labels them
PAGE_FUNCTIONS = {
    "costs": ["overview page data (all 6 reports)"],
    "usage": ["usage-by-month (12 mo, type x centre)", "usage-by-subscription (month)"],
    "deviations": ["cost-deviations (month)"],
    "drilldown": ["cost-centre-children (top, 12 mo)"],
}
DEEP_LINK_FUNCTIONS = ["subscription drill-down ({sub}, 4 reports)"]


def print_report(out: dict, functions_ms: dict[str, float]) -> None:
    print(f"\napp processes: {out.get('processes', 1)}")
    print("\nsettle times in seconds: first visit (caches of this persona's scope empty), second visit,"
          " median and p95 of the warm visits")
    for uid, entry in out["roles"].items():
        extra = f"fresh browser's first page {fmt(entry.get('fresh_first_page_ms')).strip()} s"
        if "persona_switch_ms" in entry:
            extra += f", persona switch {fmt(entry['persona_switch_ms']).strip()} s"
        print(f"\n{uid}  ({entry['name']}; {extra})")
        print(f"  {'page':16} {'first':>7} {'second':>7} {'median':>7} {'p95':>7}  page/functions")
        for key, c in entry["pages"].items():
            ratio = ""
            if entry.get("default") and key in PAGE_FUNCTIONS and c["median"] is not None:
                f_ms = sum(functions_ms.get(label, 0) for label in PAGE_FUNCTIONS[key])
                if f_ms:
                    ratio = f"{c['median'] / f_ms:6.1f}x of {f_ms:,.0f} ms (first {c['first'] / f_ms:.1f}x)" \
                        if c["first"] else f"{c['median'] / f_ms:6.1f}x of {f_ms:,.0f} ms"
            print(f"  {key:16} {fmt(c['first']):>7} {fmt(c['second']):>7} {fmt(c['median']):>7} "
                  f"{fmt(c['p95']):>7}  {ratio}")
    dl = out.get("deep_link")
    if dl:
        ratio = ""
        f_ms = sum(functions_ms.get(label.format(sub=dl["drill"]["sub"]), 0) for label in DEEP_LINK_FUNCTIONS)
        if f_ms and dl["again"] is not None:
            ratio = f"  (again / functions {dl['again'] / f_ms:.1f}x of {f_ms:,.0f} ms)"
        print(f"\nshared deep link {dl['url']}: first request after a start {fmt(dl['first']).strip()} s, "
              f"again {fmt(dl['again']).strip()} s{ratio}")
    for n, s in out["sessions"].items():
        k = s.get("browsers", s["sessions"])
        who = f"{k} in Chromium" + (f", {int(n) - k} over the websocket protocol" if int(n) > k else "")
        if s.get("think_s"):
            who += f", {s['think_s']:g} s pause after each page"
        print(f"\n{n} concurrent sessions ({who}) x {s['rounds']} rounds ({s['count']} settles in Chromium, "
              f"{s['wall_s']:.0f} s): p50 {fmt(s['p50']).strip()} s, p95 {fmt(s['p95']).strip()} s, "
              f"max {fmt(s['max']).strip()} s, {len(s['errors'])} errors")
        for step, v in s["by_step"].items():
            print(f"  {step:22} p50 {fmt(v['p50'])} p95 {fmt(v['p95'])} max {fmt(v['max'])}")
        if "protocol" in s:
            ps = s["protocol"]
            print(f"  the {ps['sessions']} protocol sessions' runs (request to the script's end; {ps['runs']} runs): "
                  f"p50 {fmt(ps['p50']).strip()} s, p95 {fmt(ps['p95']).strip()} s, max {fmt(ps['max']).strip()} s, "
                  f"{len(ps['errors'])} errors")
    print("\nserver memory (VmRSS of its process tree), peak per phase; load average (1 min) max / mean:")
    for phase, mb in out["memory_peak_mb"].items():
        la = out["loadavg"].get(phase, {})
        print(f"  {phase:22} {mb:8,.0f} MB   load {la.get('max', 0):.1f} / {la.get('mean', 0):.1f}")
    print(f"\nerrors: {len(out['errors'])}")
    for e in out["errors"]:
        print(f"  {e['phase']} {e['persona']} {e['page']} {e['url']}: {e['text']}")


async def browse(db_path: Path, args: argparse.Namespace, sampler: Sampler, tmp: Path) -> dict:
    from playwright.async_api import async_playwright

    personas, probe, drill = load_personas(db_path, args.quick)
    default_key = "home"
    # quick: two sessions in Chromium and one over the websocket protocol beside them
    sessions = [3] if args.quick else [int(n) for n in str(args.sessions).split(",") if n.strip()]
    browsers = 2 if args.quick else getattr(args, "browsers", None)
    rounds = 1 if args.quick else args.rounds
    warm = 1 if args.quick else args.warm
    out: dict = {"roles": {}, "sessions": {}, "deep_link": None}
    run_errors: list[dict] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # 1. a fresh server: every persona, every page, first and warm visits; then the sessions
            sampler.phase = "server start"
            server = Server(db_path, tmp, "pages", args.processes)
            sampler.pid = server.proc.pid
            try:
                server.wait_healthy()
                run = Run(server.url, probe, args.timeout, default_key)
                sampler.phase = "pages by persona"
                print("pages by persona ...", flush=True)
                if not getattr(args, "sessions_only", False):
                    out["roles"] = await roles_phase(browser, run, personas, warm, server)
                for uid, entry in out["roles"].items():
                    entry["default"] = next(p.default for p in personas if p.user_id == uid)
                big = _default_of(personas)
                for n in sessions:
                    sampler.phase = f"{n} sessions"
                    print(f"{n} concurrent sessions ...", flush=True)
                    out["sessions"][str(n)] = await sessions_phase(browser, run, big, drill, n, rounds, server,
                                                                   browsers, getattr(args, "think", 0.0))
                run_errors += run.errors
            finally:
                server.stop()
            if getattr(args, "sessions_only", False):
                return {**out, "errors": run_errors}
            # 2. a restarted server: the shared deep link first, then again
            sampler.phase = "server start"
            server = Server(db_path, tmp, "deeplink", args.processes)
            sampler.pid = server.proc.pid
            try:
                server.wait_healthy()
                run = Run(server.url, probe, args.timeout, default_key)
                sampler.phase = "deep link"
                url = f"{server.url}/drilldown?centre={drill['centre']}&sub={drill['sub']}&month={drill['month']}"
                print("deep link ...", flush=True)
                found = {}
                for label in ("first", "again"):
                    context, pg = await new_page(browser)
                    try:
                        res = await goto(pg, big, probe, url, {"/drilldown"}, args.timeout)
                    finally:
                        await context.close()
                    run.note("deep-link " + label, big, "drilldown", res, server)
                    found[label] = res.ms
                out["deep_link"] = {"url": url.replace(server.url, ""), "drill": drill, **found}
                run_errors += run.errors
            finally:
                server.stop()
                sampler.pid = None
        finally:
            await browser.close()
    out["errors"] = run_errors
    return out


def run_pages(db_path: Path, args: argparse.Namespace, functions_ms: dict[str, float]) -> int:
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    sampler = Sampler()
    sampler.start()
    load_start = os.getloadavg()
    try:
        out = asyncio.run(browse(db_path, args, sampler, tmp))
    finally:
        sampler.stop()
    out["memory_peak_mb"] = sampler.rss
    out["loadavg"] = {k: {"max": max(v), "mean": statistics.fmean(v)} for k, v in sampler.load.items() if v}
    out["loadavg_at_start"] = list(load_start)
    out["functions_ms"] = functions_ms
    out["db"] = str(db_path)
    out["processes"] = args.processes
    out["cpus"] = os.cpu_count()
    print_report(out, functions_ms)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=str))
        print(f"\nwrote {args.json}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0
