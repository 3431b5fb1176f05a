"""`python -m reporting serve` switches Streamlit's legacy pages/ mode off before the server
exists and hands every other option to `streamlit run app.py` (reporting/ui/pages_mode.py).
The browser test tests/e2e/test_deep_links_browser.py proves the effect on a real server."""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli as streamlit_cli

from reporting.core.cli import main
from tests.helpers import ROOT


def test_serve_switches_legacy_mode_off_before_streamlit_runs_app_py(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)   # as in a fresh process
    seen = {}

    def fake_streamlit_main(*, args, prog_name, standalone_mode):
        seen.update(args=args, prog_name=prog_name, flag=PagesManager.uses_pages_directory)

    monkeypatch.setattr(streamlit_cli, "main", fake_streamlit_main)
    assert main(["serve", "--server.port", "8765", "--server.headless", "true"]) == 0
    assert seen == {"args": ["run", str(ROOT / "app.py"), "--runner.postScriptGC", "false",
                             "--server.fileWatcherType", "none", "--server.port", "8765",
                             "--server.headless", "true"],
                    "prog_name": "streamlit", "flag": False}


def test_other_commands_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--server.port", "8765"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --server.port 8765" in capsys.readouterr().err


@pytest.mark.legacy_pages_mode
def test_a_run_started_on_a_page_file_is_rerun_through_app_py(app_env):
    """Streamlit's own behaviour (AppTest resets the flag before each run, like a fresh
    process): the run after the first starts in the legacy mode on pages/costs.py alone. The
    per-run guard reruns it through app.py: the same run ends with app.py's sidebar (the
    persona picker) and the page, not with the page alone."""
    from reporting.i18n import t
    from tests.helpers import MAIN_USER, app_as, open_page

    at = open_page(app_as(MAIN_USER), "costs")
    assert not at.exception and not at.error
    assert at.sidebar.selectbox(key="persona_id").value == MAIN_USER
    assert at.title[0].value == t("page.costs.title", "fi")
