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
    assert seen == {"args": ["run", str(ROOT / "app.py"), "--server.port", "8765", "--server.headless", "true"],
                    "prog_name": "streamlit", "flag": False}


def test_other_commands_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--server.port", "8765"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --server.port 8765" in capsys.readouterr().err
