"""Who may change what: one rule per kind of write, called by every writer on the server.

Reading is governed by the scope (reporting.access.scope, applied in SQL); these rules are
for the app's own writes. Every writer (user management, optimisation decisions, Saldoviesti
settings, imports, orders, documentation comments) calls the rule of its kind and refuses
when it is false, whatever the page showed; pages call the same functions only to decide
which controls to show.

The rule behind most of them: **the operator, or this organisation's main user**.
"""

from __future__ import annotations

from reporting.access.scope import Role, User


def is_operator(user: User | None) -> bool:
    return user is not None and user.role is Role.OPERATOR


def is_main_user_of(user: User | None, org_id: str | None) -> bool:
    """The user is the main user of ``org_id`` (an organisation is named)."""
    return (user is not None and user.role is Role.MAIN_USER and bool(org_id)
            and bool(user.org_id) and user.org_id == org_id)


def may_manage_org(user: User | None, org_id: str | None) -> bool:
    """The operator (for any named organisation) or the organisation's own main user: may
    manage its accounts, decide on optimisation findings, change its Saldoviesti messages,
    import its data and order for it."""
    if not org_id:
        return False
    return is_operator(user) or is_main_user_of(user, org_id)


# The writes that follow the main rule, named for their callers.
may_manage_users = may_manage_org
may_decide_optimisation = may_manage_org
may_change_messages = may_manage_org
may_import_into = may_manage_org
may_order_for = may_manage_org


def may_comment_docs(user: User | None, org_id: str | None) -> bool:
    """Comments on needed changes to a service's documentation come from the organisation's
    main user (the product brief: "the main user can comment on needed changes")."""
    return is_main_user_of(user, org_id)


def may_close_doc_comments(user: User | None) -> bool:
    """The operator maintains the documentation, so the operator marks a comment handled."""
    return is_operator(user)


def may_upload_documents(user: User | None, org_id: str | None) -> bool:
    """The customer's own documents per service are uploaded by the organisation's main user
    or the operator (issue 17)."""
    return may_manage_org(user, org_id)


def may_see_documents(user: User | None, org_id: str | None) -> bool:
    """The customer's documents are read by whoever sees the organisation's services: a scope
    of the whole organisation (the operator, the main user, an analyst without a centre
    restriction). A manager or an employee sees none."""
    return user is not None and bool(org_id) and user.scope(org_id).whole_organisation


def may_move_orders(user: User | None) -> bool:
    """Only the operator moves an order on (received -> in progress -> deployed / cancelled)."""
    return is_operator(user)


def may_import_shared_kinds(user: User | None) -> bool:
    """Files that are not one organisation's (the plan catalogue) are the operator's."""
    return is_operator(user)


def may_see_import(user: User | None, org_id: str | None) -> bool:
    """An import's result and log: the operator's for every organisation, otherwise only the
    user's own organisation's."""
    return sees_every_organisation(user) or (user is not None and bool(org_id) and user.org_id == org_id)


def sees_every_organisation(user: User | None) -> bool:
    """The operator's lists (import log, orders) cover every organisation; anyone else's
    only their own."""
    return is_operator(user)
