"""Reads for pages that are not scoped reports, so that no page touches the database itself
(tests/test_page_purity.py): the order form's organisations (the operator orders on anyone's
behalf, across organisations) and the grants a main user or the operator may hand out in one
organisation (checked against the signed-in user by reporting.access.users)."""

from __future__ import annotations

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


def organisation_names() -> dict[str, str]:
    """Every organisation's name by its id (to show a name where a page holds an id)."""
    names = get_db().named("core/organisation_names")
    return dict(zip(names.org_id, names.name, strict=True))
