"""python -m reporting serve [streamlit options]: start the web app.

The same as ``streamlit run app.py [options]`` (every option of ``streamlit run`` is passed
on, e.g. ``--server.port 8501 --server.headless true``), run in this process after Streamlit's
legacy pages/ mode has been switched off, before any session exists: see
reporting/ui/pages_mode.py for why the app must be started this way.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "serve"
ORDER = 5
HELP = ("Start the web app: streamlit run app.py with the given Streamlit options "
        "(e.g. --server.port 8501), with every page run through app.py from the first request.")
PASS_THROUGH = True      # unknown options go to streamlit run (reporting.core.cli)

APP = Path(__file__).resolve().parents[2] / "app.py"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = "Any other option is passed to `streamlit run`; see `python -m streamlit run --help`."


def streamlit_options(extra: list[str]) -> list[str]:
    """``extra`` with the server's own defaults in front, unless ``extra`` sets them.

    ``runner.postScriptGC`` off: Streamlit's default runs a full garbage collection after
    every script run, of the whole process with every session's objects and the shared
    report caches, under the interpreter lock. On the large demo it was 40 % of the server's
    CPU and half of each page run (docs/performance.md, run G); Python's own generational
    collector still runs. The same default is in .streamlit/config.toml for a plain
    ``streamlit run app.py``.

    ``server.fileWatcherType`` none: the served code does not change under a running server
    (a deploy restarts it). The watcher polls the app's files, and a change re-imports the
    app's modules under the sessions that are running (seen as exceptions in the drill-down
    while a file was edited during a benchmark). A plain ``streamlit run app.py`` keeps
    Streamlit's watcher for development."""
    given = {a.split("=", 1)[0] for a in extra if a.startswith("--")}
    defaults = [(option, value) for option, value in (("--runner.postScriptGC", "false"),
                                                      ("--server.fileWatcherType", "none"))
                if option not in given]
    return [*(part for pair in defaults for part in pair), *extra]


def run(args: argparse.Namespace) -> int:
    from streamlit.web import cli as streamlit_cli

    from reporting.ui.pages_mode import use_app_navigation_only
    from reporting.ui.warm import warm_when_running

    use_app_navigation_only()
    warm_when_running()          # the shared caches fill before the first visitor (issue 19)
    streamlit_cli.main(args=["run", str(APP), *streamlit_options(args.extra)], prog_name="streamlit",
                       standalone_mode=False)
    return 0
