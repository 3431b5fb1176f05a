"""Two app processes behind nginx (`python -m reporting serve-cluster`, deploy/nginx/fokus.conf)
in a real browser: two browsers pinned to different processes sign in through the proxy; an
import from the command line while both serve is on both screens at their next interaction;
every request of a browser, its one WebSocket, its media and its upload included, reaches the
same process throughout.

Which process served a request is what nginx says: the X-Fokus-Upstream response header and
the access log's upstream= field (the WebSocket's entry is written when it closes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest

from reporting.access.accounts import create_account
from reporting.i18n import fmt_money
from tests.e2e.conftest import ROOT, free_port, wait_for_app

pytestmark = pytest.mark.e2e
PASSWORD = "cluster test password"
EMAIL = "paa@pohjola.fi"
COOKIE = "fokus_route"


def _get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, r.headers


@pytest.fixture
def cluster(request, demo_path, tmp_path, cheap_argon2):
    """serve-cluster with two app processes and nginx, its runtime (config, pid, logs, temp
    files) in tmp_path, on a free port, on a copy of the demo database (``"file"``, the
    default) or on the demo split into one store per organisation (``"stores"``, indirect
    parameter: reporting/core/db/stores.py); demo personas off, one main user in the shared
    state store. ``data`` is the file that holds pohjola's rows."""
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx not found; `make nginx` installs it from Debian's packages")
    if getattr(request, "param", "file") == "stores":
        from reporting.core.db import stores

        db = tmp_path / "live"
        stores.split_database(demo_path, db)
        data = stores.tenant_path(db, "pohjola")
    else:
        db = data = tmp_path / "live.duckdb"
        shutil.copyfile(demo_path, db)
    state = tmp_path / "state.sqlite"
    create_account(email=EMAIL, name="Pia Pääkäyttäjä", role="main_user", org_id="pohjola",
                   created_by="t", password=PASSWORD, path=state)
    port = free_port()
    runtime = tmp_path / "cluster"
    env = {**os.environ, "REPORTING_DB": str(db), "REPORTING_STATE_DB": str(state), "REPORTING_DEMO": "0"}
    log = open(tmp_path / "serve-cluster.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reporting", "serve-cluster", "--processes", "2", "--port", str(port),
         "--address", "127.0.0.1", "--runtime-dir", str(runtime)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve-cluster exited: {(tmp_path / 'serve-cluster.log').read_text()}")
            try:
                if "Fokus on" in (tmp_path / "serve-cluster.log").read_text() and _get(base + "/_stcore/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError((tmp_path / "serve-cluster.log").read_text())
            time.sleep(0.3)
        yield {"base": base, "db": db, "data": data, "state": state, "env": env, "runtime": runtime, "proc": proc}
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _routes_to_each_process(base: str) -> dict[str, str]:
    """A routing-cookie value for each app process: nginx hashes the cookie, so a value is
    pinned to one process; ask nginx which one answers it (X-Fokus-Upstream)."""
    found: dict[str, str] = {}
    for i in range(200):
        value = f"pin{i}"
        status, headers = _get(base + "/_stcore/health", value)
        assert status == 200
        assert headers.get("Set-Cookie") is None or COOKIE not in headers.get("Set-Cookie")   # kept, not replaced
        found.setdefault(headers["X-Fokus-Upstream"], value)
        if len(found) == 2:
            return found
    raise AssertionError(f"200 cookie values all reached {list(found)}")


def _latest_month_total(db: Path) -> tuple[str, float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        month, total = con.execute(
            """SELECT strftime(invoice_month, '%Y-%m'), sum(amount) FROM charges WHERE org_id = 'pohjola'
               AND invoice_month = (SELECT max(invoice_month) FROM charges WHERE org_id = 'pohjola')
               GROUP BY 1""").fetchall()[0]
        return month, float(total)
    finally:
        con.close()


class Browser:
    """One browser (a Playwright context) pinned to a process by its routing cookie, with
    every HTTP response's serving process and every WebSocket it opened."""

    def __init__(self, browser, base: str, route: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.add_cookies([{"name": COOKIE, "value": route, "url": base}])
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.served_by: list[tuple[str, str | None]] = []
        self.sockets = []
        self.page.on("response", lambda r: self.served_by.append((r.url, r.headers.get("x-fokus-upstream"))))
        self.page.on("websocket", lambda ws: self.sockets.append(ws))
        self.base = base

    # Each step is split in its action and its wait, so that both browsers act first and then
    # both wait: the two processes work at the same time, as they would for two users.
    def open_sign_in(self) -> None:
        self.page.goto(self.base)
        self.page.get_by_label("Sähköpostiosoite").fill(EMAIL)
        self.page.get_by_label("Salasana", exact=True).fill(PASSWORD)
        self.page.get_by_role("button", name="Kirjaudu", exact=True).click()

    def click_nav(self, title: str) -> None:
        self.page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=title).first.click()

    def click_language(self, label: str) -> None:
        self.page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=label, exact=True).click()

    def wait(self, heading: str, text: str) -> str:
        self.page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        wait_for_app(self.page, text)
        return self.page.inner_text("body")


def _both(browsers, action, *args) -> None:
    for br in browsers:
        getattr(br, action)(*args)


@pytest.mark.parametrize("cluster", ["file", "stores"], indirect=True)
def test_two_processes_behind_nginx_share_an_import_and_keep_their_sessions(cluster, browser, tmp_path):
    """Also on one store per organisation (issue 20, point 3: the processes share the
    stores): the import writes pohjola's store, and both processes show it."""
    base = cluster["base"]
    pinned = _routes_to_each_process(base)              # upstream address -> cookie value
    (up_a, route_a), (up_b, route_b) = sorted(pinned.items())
    assert up_a != up_b
    month, before = _latest_month_total(cluster["data"])

    a, b = Browser(browser, base, route_a), Browser(browser, base, route_b)
    both = (a, b)
    try:
        _both(both, "open_sign_in")
        for br in both:
            body = br.wait("Etusivu", "Laskutuskausi")
            assert "Pohjolan Rakennus Oy" in body and "Pia Pääkäyttäjä" in body
            assert fmt_money(before, "fi") in body

        # an import of the latest month from the command line, while both are signed in
        con = duckdb.connect(str(cluster["data"]), read_only=True)
        sub = con.execute("SELECT min(subscription_id) FROM subscriptions WHERE org_id = 'pohjola'").fetchall()[0][0]
        con.close()
        charges = tmp_path / "laskut.csv"
        charges.write_text("Laskutuskausi;Liittymätunnus;Veloituslaji;Selite;Määrä;Yksikkö;Summa (alv 0 %)\n"
                           f"{month};{sub};kertamaksu;Klusterilaite;1;kpl;1 234,56\n"
                           f"{month};;palvelu;Klusteripalvelu;1;kk;10,00\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "reporting", "import", str(charges), "--org", "pohjola",
                               "--db", str(cluster["db"])], cwd=ROOT, env=cluster["env"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        after = 1234.56 + 10.00                          # the month is replaced by the file's lines
        assert _latest_month_total(cluster["data"]) == (month, pytest.approx(after))
        assert fmt_money(after, "fi") != fmt_money(before, "fi")

        # the next interaction of each browser (to English) shows the new month total ...
        _both(both, "click_language", "EN")
        for br in both:
            body = br.wait("Home", "Invoice month")
            assert fmt_money(after, "en") in body, body[:1500]
            assert fmt_money(before, "en") not in body
        # ... and so do more interactions of the same session: another page, back, Finnish
        _both(both, "click_nav", "Change password")
        for br in both:
            br.wait("Change password", "Change password")
        _both(both, "click_nav", "Home")
        for br in both:
            assert fmt_money(after, "en") in br.wait("Home", "Invoice month")
        _both(both, "click_language", "FI")
        for br in both:
            body = br.wait("Etusivu", "Laskutuskausi")
            assert fmt_money(after, "fi") in body and "Pia Pääkäyttäjä" in body      # still signed in

        # an upload reaches the process that holds the session (it previews the file)
        a.click_nav("Tietojen tuonti")
        a.wait("Tietojen tuonti", "Tietojen tuonti")
        a.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(charges))
        wait_for_app(a.page, "tunnistettu laji")
        assert "laskut.csv: tunnistettu laji Laskurivit" in a.page.inner_text("body")
        assert any("/_stcore/upload_file/" in url for url, _ in a.served_by)
        assert all(any("/media/" in url for url, _ in br.served_by) for br in both)

        # one WebSocket per browser, open throughout: the session was never re-established
        for br in (a, b):
            assert [ws.url for ws in br.sockets] == [base.replace("http", "ws") + "/_stcore/stream"]
            assert not br.sockets[0].is_closed()
        # every HTTP response each browser got came from its own process, except the
        # front-end's static files, which nginx serves itself (no upstream)
        for br, up in ((a, up_a), (b, up_b)):
            dynamic = [(url, u) for url, u in br.served_by if "/static/" not in url]
            static = [(url, u) for url, u in br.served_by if "/static/" in url]
            assert len(dynamic) > 5 and len(static) > 5
            assert {u for _, u in dynamic} == {up}, [x for x in dynamic if x[1] != up][:5]
            assert {u for _, u in static} == {None}, static[:5]
    finally:
        a.context.close()
        b.context.close()

    # nginx's access log: each browser's WebSocket (logged as it closed) went to its process
    log = cluster["runtime"] / "access.log"
    deadline = time.monotonic() + 10
    streams: dict[str, list[str]] = {}
    while time.monotonic() < deadline:
        streams = {}
        for line in log.read_text().splitlines():
            m = re.search(r'"GET /_stcore/stream HTTP/1.1" 101 .* route=(\S+) upstream=(\S+)', line)
            if m:
                streams.setdefault(m.group(1), []).append(m.group(2))
        if route_a in streams and route_b in streams:
            break
        time.sleep(0.2)
    assert streams.get(route_a) == [up_a] and streams.get(route_b) == [up_b], streams
    # and every request of either browser, pages, media, host-config, went to its process;
    # the static files none ("-": nginx read them from disk)
    for route, up in ((route_a, up_a), (route_b, up_b)):
        lines = [line for line in log.read_text().splitlines() if f"route={route} " in line]
        ups = [re.search(r"upstream=(\S+)", line).group(1) for line in lines if " /static/" not in line]
        assert len(ups) > 5 and set(ups) == {up}
        assert {re.search(r"upstream=(\S+)", line).group(1) for line in lines if " /static/" in line} == {"-"}


def test_nginx_serves_the_front_ends_static_files_compressed_and_immutable(cluster):
    """The front-end's bundle (7 MB for a fresh browser's first page) comes from disk through
    nginx, gzip-compressed and cached for good, never through an app process."""
    import gzip

    from reporting.core.cluster import streamlit_static_dir

    base = cluster["base"]
    with urllib.request.urlopen(base + "/", timeout=10) as r:
        index = r.read().decode()
    script = re.search(r'src="\.?/?(static/js/index\.[^"]+\.js)"', index).group(1)
    req = urllib.request.Request(f"{base}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=10) as r:
        body, headers = r.read(), r.headers
    on_disk = (streamlit_static_dir() / script.removeprefix("static/")).read_bytes()
    assert headers["Content-Encoding"] == "gzip" and len(body) < len(on_disk) / 2
    assert gzip.decompress(body) == on_disk
    assert "immutable" in headers["Cache-Control"]
    assert headers.get("X-Fokus-Upstream") is None             # no app process answered it
    # nothing outside the bundle's directory
    for path in ("/static/../../__init__.py", "/static/..%2f..%2f__init__.py"):
        try:
            status, _ = _get(base + path)
        except urllib.error.HTTPError as err:
            status = err.code
        assert status in (400, 403, 404)
