"""Screenshots (Chromium, 1440×900, full page) of the status, service, SLA, optimisation
(its findings and its follow-up tab), import, users, my-usage and home pages for every demo
persona that may open them, in Finnish and English, for a person to look at. Not a test.

    python -m benchmarks.screenshots_views DB_PATH OUT_DIR [page_key ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from reporting.access.accounts import create_account
from reporting.access.scope import Role
from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.i18n import t
from reporting.ui.navigation import page as page_spec
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, wait_for_app

PAGES = ("home", "status", "sla", "service", "optimisation", "admin_import", "users", "my_usage")
TABS = {"optimisation": "opt.tab.followup", "users": "users.tab_log"}   # a tab with its own screenshot
PERSONAS = None  # every persona; a list of user ids narrows it


def _choose_persona(pg, label: str, lang: str) -> None:
    box = pg.get_by_role("combobox", name=t("sidebar.persona", lang), exact=True)
    box.click()
    box.fill(label)
    pg.keyboard.press("Enter")
    wait_for_app(pg)


def _shot(pg, path: Path) -> None:
    # the app scrolls inside its main section: grow the window to it
    height = pg.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": 1440, "height": max(900, height)})
    time.sleep(0.5)
    pg.screenshot(path=str(path), full_page=True)
    pg.set_viewport_size({"width": 1440, "height": 900})
    print(path, flush=True)


def main(db_path: str, out_dir: str, keys: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = Database(db_path)
    personas = demo_personas(db)
    db.close()
    with tempfile.TemporaryDirectory() as tmp:
        # one user created by the demo main user, so the users page's audit log has rows
        create_account(email="esimerkki@pohjola.fi", name="Esimerkki Esihenkilö", role=Role.MANAGER,
                       org_id="pohjola", created_by="demo:main:pohjola", cost_centres=("2000",),
                       path=Path(tmp) / "state.sqlite")
        server = start_server(Path(db_path), Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for lang in ("fi", "en"):
                    for persona in personas:
                        ctx = browser.new_context(viewport={"width": 1440, "height": 900})
                        pg = ctx.new_page()
                        pg.set_default_timeout(60_000)
                        pg.goto(f"{server.url}/?lang={lang.upper()}")
                        wait_for_app(pg)
                        label = f"{persona.name} ({t('role.' + persona.role.value, lang)})"
                        _choose_persona(pg, label, lang)
                        for key in keys or PAGES:
                            spec = page_spec(key)
                            if persona.role not in spec.roles:
                                continue
                            link = pg.locator('[data-testid="stSidebarNav"]').get_by_role(
                                "link", name=t(spec.title, lang), exact=True)
                            link.first.click()
                            wait_for_app(pg)
                            time.sleep(1.5)       # charts draw after the script has finished
                            base = f"{key}-{persona.role.value}-{persona.user_id.split(':')[-1]}-{lang}"
                            _shot(pg, out / f"{base}.png")
                            if key in TABS:
                                pg.get_by_role("tab", name=t(TABS[key], lang)).click()
                                time.sleep(1.5)
                                _shot(pg, out / f"{base}-tab.png")
                        ctx.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
