"""Reads for pages that are not scoped reports, so that no page touches the database itself
(tests/test_page_purity.py): the order form's organisations (the operator orders on anyone's
behalf, across organisations) and the grants a main user or the operator may hand out in one
organisation (checked against the signed-in user by reporting.access.users)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.access.permissions import sees_every_organisation
from reporting.access.scope import User
from reporting.access.users import GrantOptions, grant_options
from reporting.orders.ordering import KnownOrganisations, known_organisations
from reporting.ui.context import get_db


def order_organisations() -> KnownOrganisations:
    """Organisations of the analytical data and of earlier orders (reporting.orders.ordering)."""
    return known_organisations(get_db())


def grants_for(actor: User, org_id: str) -> GrantOptions:
    """The cost centres and subscriptions ``actor`` may grant in ``org_id``."""
    return grant_options(actor, get_db(org_id), org_id)


def cloud_mapping(actor: User, org_id: str | None):
    """The sub-account -> cost centre editor's rows and choices (reporting.cloud.mapping)."""
    from reporting.cloud.mapping import mapping_editor

    return mapping_editor(actor, get_db(org_id), org_id)


def budget_sheet(actor: User, org_id: str | None, year: int):
    """The budget editor's sheet of ``year`` (reporting.budgets.store), None for a user who
    may not set the organisation's budgets."""
    from reporting.budgets.store import editor_sheet

    return editor_sheet(actor, get_db(org_id), org_id, year)


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def _overview(db_version: str) -> pd.DataFrame:
    from reporting.costs.organisations import organisation_overview

    return organisation_overview(get_db())


def organisations_overview(actor: User) -> pd.DataFrame | None:
    """Every organisation with its headline figures (reporting.costs.organisations), for a user
    who sees every organisation; None for anyone else. Shared by the sessions of one data
    version (the catalogue's, on a store root), handed out as a copy."""
    if not sees_every_organisation(actor):
        return None
    return _overview(get_db().data_version(None)).copy(deep=False)


def organisation_names() -> dict[str, str]:
    """Every organisation's name by its id (to show a name where a page holds an id)."""
    names = get_db().named("core/organisation_names")
    return dict(zip(names.org_id, names.name, strict=True))
