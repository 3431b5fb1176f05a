"""A restart with many deep links at once (issue 19, "A restart race"): a FRESH server gets ten
deep links in ten browser sessions at the same moment, as browsers reconnect after a deploy.
Every one must show the real page, reached through app.py (its navigation with sections and
page titles, the demo persona), never Streamlit's legacy sidebar of file names nor the
no-access message. See reporting/ui/pages_mode.py."""

from __future__ import annotations

import pytest

from reporting.i18n import t
from tests.e2e.conftest import start_server, wait_for_app

pytestmark = pytest.mark.e2e

# The demo's default persona (the first organisation's main user) may open every one of these.
DEEP_LINKS = [
    ("/costs", "page.costs.title"),
    ("/drilldown?centre=1000", "page.drilldown.title"),
    ("/usage", "page.usage.title"),
    ("/deviations", "page.deviations.title"),
    ("/home", "page.home.title"),
    ("/status", "page.status.title"),
    ("/sla", "page.sla.title"),
    ("/docs", "page.docs.title"),
    ("/users", "page.users.title"),
    ("/order", "page.order.title"),
]
# What Streamlit's legacy pages/ mode lists in the sidebar: the files' names.
LEGACY_NAMES = ("admin import", "orders admin", "my usage", "login")


def test_ten_simultaneous_deep_links_on_a_fresh_server_all_go_through_app_py(demo_path, tmp_path, browser):
    server = start_server(demo_path, tmp_path)
    contexts = []
    try:
        pages = []
        for _ in DEEP_LINKS:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(context)
            pg = context.new_page()
            pg.set_default_timeout(90_000)
            pages.append(pg)
        # all ten requests at once: each navigation returns as soon as its response starts
        for pg, (path, _) in zip(pages, DEEP_LINKS, strict=True):
            pg.goto(server.url + path, wait_until="commit")
        no_access = t("common.no_access", "fi")
        failures = []
        for pg, (path, title_key) in zip(pages, DEEP_LINKS, strict=True):
            title = t(title_key, "fi")
            # the page's heading or the no-access message, whichever comes first (a session
            # stuck in the legacy mode shows the message and never anything else)
            try:
                pg.locator("h1", has_text=title).or_(pg.get_by_text(no_access)).first.wait_for()
                wait_for_app(pg)
            except Exception as exc:          # collect every session's outcome, then fail once
                failures.append(f"{path}: neither {title!r} nor a message ({type(exc).__name__})")
                continue
            body = pg.inner_text("body")
            nav = pg.locator('[data-testid="stSidebarNav"]').inner_text()
            problems = []
            if no_access in body:
                problems.append("no-access message")
            if "Page not found" in body:        # Streamlit's dialog for a URL it does not serve
                problems.append("Page not found dialog")
            if title not in [h.strip() for h in pg.locator("h1").all_inner_texts()]:
                problems.append("page title not the heading")
            if t("nav.section.reports", "fi") not in nav or t("page.costs.title", "fi") not in nav:
                problems.append("app.py's navigation missing")
            if any(name in nav.lower() for name in LEGACY_NAMES):
                problems.append("legacy file-name sidebar")
            if "Pääkäyttäjä" not in body:
                problems.append("demo persona missing")
            if problems:
                failures.append(f"{path}: {', '.join(problems)}")
        assert not failures, failures
    finally:
        for context in contexts:
            context.close()
        server.stop()
