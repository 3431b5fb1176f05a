"""Which pages exist, in which section, for which roles. app.py builds st.navigation from
this list, and every page checks its own entry again (``page_context``)."""

from __future__ import annotations

from dataclasses import dataclass

from reporting.access.scope import Role

ALL_ROLES = frozenset(Role)
CUSTOMER_ROLES = frozenset({Role.MAIN_USER, Role.MANAGER, Role.ANALYST, Role.EMPLOYEE})


@dataclass(frozen=True)
class PageSpec:
    key: str                 # stable id, also the URL path
    path: str                # file relative to the project root
    section: str             # i18n key of the navigation section
    title: str               # i18n key of the page title
    icon: str
    roles: frozenset[Role]
    default: bool = False


# Sections in display order; a page appears only when its issue delivered it.
SECTIONS = ("nav.section.home", "nav.section.reports", "nav.section.services",
            "nav.section.optimisation", "nav.section.orders", "nav.section.admin", "nav.section.account")

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "pages/home.py", "nav.section.home", "page.home.title", ":material/home:",
             ALL_ROLES, default=True),
    # Orders (issue 7): the main user orders for their organisation; the operator fills the
    # form on a customer's or a prospect's behalf and follows the orders up.
    PageSpec("order", "pages/order.py", "nav.section.orders", "page.order.title",
             ":material/shopping_cart:", frozenset({Role.MAIN_USER, Role.OPERATOR})),
    PageSpec("orders-admin", "pages/orders_admin.py", "nav.section.orders", "page.orders_admin.title",
             ":material/inventory_2:", frozenset({Role.OPERATOR})),
    PageSpec("admin_import", "pages/admin_import.py", "nav.section.admin", "page.admin_import.title",
             ":material/upload_file:", frozenset({Role.OPERATOR, Role.MAIN_USER})),
    # Services (issue 5): Aisti status, SLA report, service page, Extrawiki documentation.
    # Services are organisation-wide, so only roles that see a whole organisation get them.
    PageSpec("status", "pages/status.py", "nav.section.services", "page.status.title",
             ":material/monitor_heart:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.ANALYST})),
    PageSpec("sla", "pages/sla.py", "nav.section.services", "page.sla.title",
             ":material/verified:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.ANALYST})),
    PageSpec("service", "pages/service.py", "nav.section.services", "page.service.title",
             ":material/dns:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.ANALYST})),
    PageSpec("docs", "pages/docs.py", "nav.section.services", "page.docs.title",
             ":material/menu_book:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.ANALYST})),
    PageSpec("optimisation", "pages/optimisation.py", "nav.section.optimisation",
             "page.optimisation.title", ":material/savings:",
             frozenset({Role.OPERATOR, Role.MAIN_USER, Role.ANALYST, Role.MANAGER})),
    # Cost and usage reports (issue 4): every role, within its scope (an employee sees only
    # their own subscriptions; the scope enforces it in SQL).
    PageSpec("costs", "pages/costs.py", "nav.section.reports", "page.costs.title",
             ":material/euro:", ALL_ROLES),
    PageSpec("drilldown", "pages/drilldown.py", "nav.section.reports", "page.drilldown.title",
             ":material/account_tree:", ALL_ROLES),
    PageSpec("usage", "pages/usage.py", "nav.section.reports", "page.usage.title",
             ":material/data_usage:", ALL_ROLES),
    PageSpec("deviations", "pages/deviations.py", "nav.section.reports", "page.deviations.title",
             ":material/troubleshoot:", ALL_ROLES),
    # Cloud costs (issue 15): FOCUS lines are organisation-level, booked to the centre their
    # sub-account maps to, so every role that sees costs of a centre or more (not an employee,
    # whose scope is their own subscriptions).
    PageSpec("alerts", "pages/alerts.py", "nav.section.reports", "page.alerts.title", ":material/notifications:",
             frozenset({Role.OPERATOR, Role.MAIN_USER, Role.MANAGER, Role.ANALYST})),
    PageSpec("budgets", "pages/budgets.py", "nav.section.reports", "page.budgets.title", ":material/savings:",
             frozenset({Role.OPERATOR, Role.MAIN_USER, Role.MANAGER, Role.ANALYST})),
    PageSpec("cloud", "pages/cloud.py", "nav.section.reports", "page.cloud.title", ":material/cloud:",
             frozenset({Role.OPERATOR, Role.MAIN_USER, Role.MANAGER, Role.ANALYST})),
    # Devices (issue 17): scoped like costs; an employee sees the devices of their own
    # subscriptions on their usage page.
    PageSpec("devices", "pages/devices.py", "nav.section.reports", "page.devices.title",
             ":material/devices:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.MANAGER, Role.ANALYST})),
    # Service orders in flight (issue 17): scoped like costs; the portal's own orders for the
    # operator and the main user (reporting.service_orders.reports).
    PageSpec("service_orders", "pages/service_orders.py", "nav.section.reports", "page.service_orders.title",
             ":material/local_shipping:", frozenset({Role.OPERATOR, Role.MAIN_USER, Role.MANAGER, Role.ANALYST})),
    PageSpec("my_usage", "pages/my_usage.py", "nav.section.reports", "page.my_usage.title",
             ":material/smartphone:", frozenset({Role.EMPLOYEE})),
    PageSpec("messages", "pages/messages.py", "nav.section.reports", "page.messages.title",
             ":material/sms:", frozenset({Role.OPERATOR, Role.MAIN_USER})),
    PageSpec("users", "pages/users.py", "nav.section.admin", "page.users.title", ":material/group:",
             frozenset({Role.OPERATOR, Role.MAIN_USER})),
    # Issue 16: everyone changes their own password; the only page while it is temporary.
    PageSpec("change_password", "pages/change_password.py", "nav.section.account",
             "page.change_password.title", ":material/password:", ALL_ROLES),
)


def page(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)


def pages_for(role: Role) -> list[PageSpec]:
    return [p for p in PAGES if role in p.roles]
