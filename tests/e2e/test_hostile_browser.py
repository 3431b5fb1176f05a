"""Hostile user text in a real browser (issue 14.2, 16.9), and no asset from the internet
(issue 14.14): the pages of a main user over data whose names hold Markdown/HTML render no
link or image from them, and every request the browser makes goes to the app itself."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import start_server, wait_for_app
from tests.test_hostile_text import HOSTILE, make_hostile

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("cheap_argon2")]


@pytest.fixture(scope="module")
def hostile_server(demo_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    db, _store, _uid, sid = make_hostile(demo_path, tmp)
    srv = start_server(db, tmp)                  # demo mode: the default persona, pohjola's main user
    yield srv, sid
    srv.stop()


@pytest.fixture(scope="module")
def cheap_argon2():       # module scope for the server fixture; the accounts are made once
    return None


def test_no_live_link_image_or_outside_request_from_hostile_text(hostile_server, browser):
    srv, sid = hostile_server
    app_host = urlsplit(srv.url).netloc
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                  if urlsplit(route.request.url).netloc != app_host else route.continue_())
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        for path in ("/", "/status", f"/service?service={sid}&doc=paha", "/docs", "/costs",
                     f"/drilldown?sub={quote(HOSTILE)}", "/users"):
            page.goto(srv.url + path)
            wait_for_app(page)
            page.wait_for_timeout(1500)            # charts and lazy assets
            bad = page.evaluate("""() => [...document.querySelectorAll('a[href], img, image')]
                .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || '')
                .filter(u => /evil\\.example|^data:text|^javascript:/i.test(u) || u === 'x')""")
            if "doc=paha" in path:      # the document's own Markdown may link to http(s) pages
                bad = [u for u in bad if not (u == "http://evil.example" and _is_doc_link(page, u))]
            assert bad == [], (path, bad)
            assert "linkki" in page.inner_text("body") or path in ("/costs", "/users"), path
        # icons render from the app's own font (Material Symbols ligatures), nothing fetched outside
        assert page.locator('[data-testid="stIconMaterial"]').count() > 0
        assert outside == [], outside
    finally:
        context.close()


def _is_doc_link(page, url: str) -> bool:
    """The link is the document body's own (its http(s) heading link), not from a name."""
    return page.evaluate("""(u) => [...document.querySelectorAll('a[href]')].filter(a => a.getAttribute('href') === u)
        .every(a => a.closest('h1, h2, h3') !== null)""", url)
