"""Every run goes through app.py: Streamlit's legacy pages/ mode is off from the server's start.

Why this module exists. The customer's design card fixes the folder name ``pages/`` beside
app.py. Streamlit (1.67) treats such a folder as a multipage app of its first version: the
first session of a process sets the process-wide class attribute
``PagesManager.uses_pages_directory`` (streamlit/runtime/pages_manager.py) to True, and while it
is True every script run of every session executes ``_mpa_v1`` (runtime/scriptrunner/
script_runner.py) instead of app.py: the page file named by the URL runs on its own, under a
sidebar of raw file names, without app.py's sign-in, persona and navigation. Only a call of
``st.navigation`` (commands/navigation.py) sets the attribute to False, at run time, in
whichever session gets there first. There is no supported switch: no config option, and
neither ``streamlit run``, ``web/bootstrap.py`` nor ``st.App`` reads one (checked in the 1.67
source). Flipping it from a page's run (the earlier fix) raced: under a restart with ten
simultaneous deep links, session B's run started while the flag was still True and B's page
checked it after session A had set it False, so B stayed on the raw file list with "no access".

The fix, in two parts, both here:

1. ``use_app_navigation_only()`` sets the attribute to False **before any session exists**.
   The app is started by our launcher, ``python -m reporting serve [streamlit options]``
   (reporting/commands/serve.py), which calls it and then runs ``streamlit run app.py`` in the
   same process. PagesManager only fills the attribute while it is None, so no session ever
   runs in the legacy mode. ``make run``, the browser tests' server (tests/e2e/conftest.py)
   start the app this way.
2. ``ensure_run_through_app()`` (called by every page through ``page_context``) is the guard for
   a server started some other way (a plain ``streamlit run app.py``): a run whose page was not
   executed from the main script, whatever the flag says now, leaves the legacy mode and reruns
   at the same URL, through app.py. It looks at the run itself (is the main script's module
   frame an ancestor of the page?), not at the process-wide flag nor at a session mark, so it
   cannot be fooled by another session's timing. A page run as the main script itself
   (AppTest.from_file("pages/x.py") in the tests) counts as through the main script and gets
   the page's own role check.
"""

from __future__ import annotations

import os
import sys

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def use_app_navigation_only() -> None:
    """Switch Streamlit's legacy pages/ mode off for this process. Call before the server
    starts (reporting/commands/serve.py)."""
    PagesManager.uses_pages_directory = False


def _ran_from_main_script() -> bool:
    ctx = get_script_run_ctx()
    if ctx is None:                   # not in a Streamlit run (bare import)
        return True
    main = os.path.realpath(ctx.main_script_path)
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "<module>" and os.path.realpath(code.co_filename) == main:
            return True
        frame = frame.f_back
    return False


def ensure_run_through_app() -> None:
    """Rerun, through app.py, a run that Streamlit's legacy pages/ mode started on a page file."""
    if not _ran_from_main_script():
        use_app_navigation_only()
        st.rerun()
