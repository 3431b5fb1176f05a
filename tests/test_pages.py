"""Every page runs for every persona without an exception (AppTest)."""

from __future__ import annotations

import pytest

from reporting.core.db import Database
from reporting.demo.personas import demo_personas
from reporting.ui.navigation import pages_for
from tests.helpers import MAIN_USER, app_as, open_page


def _personas(demo_path):
    db = Database(demo_path)
    try:
        return demo_personas(db)
    finally:
        db.close()


def test_personas_cover_every_role(demo_path):
    roles = {p.role.value for p in _personas(demo_path)}
    assert roles == {"operator", "main_user", "manager", "analyst", "employee"}


def test_every_page_runs_for_every_persona(app_env, demo_path):
    for persona in _personas(demo_path):
        at = app_as(persona.user_id)
        assert not at.exception, (persona.user_id, at.exception)
        for spec in pages_for(persona.role):
            at = open_page(at, spec.key)
            assert not at.exception, (persona.user_id, spec.key, at.exception)
            assert not at.error, (persona.user_id, spec.key, [e.value for e in at.error])


@pytest.mark.parametrize("lang, label", [("fi", "Kustannukset (alv 0 %)"), ("en", "Costs (VAT 0%)")])
def test_home_shows_headline_in_chosen_language(app_env, lang, label):
    at = app_as(MAIN_USER, lang=lang)
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert label in labels
