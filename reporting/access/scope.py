"""Who may see what. A ``Scope`` is an argument of every report function and is applied in
SQL by the ``scoped_*`` table macros (reporting/sql/core/views.sql). It fails closed: a scope
without an organisation, or with an empty set of cost centres or subscriptions, sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    OPERATOR = "operator"      # all organisations, loads data
    MAIN_USER = "main_user"    # their organisation, manages its users
    MANAGER = "manager"        # granted cost centres and their sub-centres
    ANALYST = "analyst"        # their organisation or granted centres, exports
    EMPLOYEE = "employee"      # their own subscriptions only


@dataclass(frozen=True)
class Scope:
    """What one user may see in one organisation.

    ``cost_centres`` None means every cost centre; a set means those centres and everything
    below them. ``subscriptions`` None means every subscription (within the cost centres);
    a set means only those. Sets are frozen and sorted into the cache key.
    """

    org_id: str | None
    cost_centres: frozenset[str] | None = None
    subscriptions: frozenset[str] | None = None

    @classmethod
    def none(cls) -> Scope:
        return cls(org_id=None)

    @classmethod
    def organisation(cls, org_id: str) -> Scope:
        return cls(org_id=org_id)

    @property
    def is_empty(self) -> bool:
        return (
            not self.org_id
            or (self.cost_centres is not None and not self.cost_centres)
            or (self.subscriptions is not None and not self.subscriptions)
        )

    @property
    def whole_organisation(self) -> bool:
        return not self.is_empty and self.cost_centres is None and self.subscriptions is None

    def key(self) -> tuple:
        """Hashable, order-independent identity of the scope: part of every cache key."""
        return (
            self.org_id,
            None if self.cost_centres is None else tuple(sorted(self.cost_centres)),
            None if self.subscriptions is None else tuple(sorted(self.subscriptions)),
        )

    def params(self) -> dict[str, Any]:
        """Bound parameters for the ``scoped_*`` macros: $org_id, $cc_all, $ccs, $sub_all, $subs."""
        if self.is_empty:
            # A NULL organisation matches no row in any scoped macro.
            return {"org_id": None, "cc_all": False, "ccs": [], "sub_all": False, "subs": []}
        return {
            "org_id": self.org_id,
            "cc_all": self.cost_centres is None,
            "ccs": sorted(self.cost_centres or ()),
            "sub_all": self.subscriptions is None,
            "subs": sorted(self.subscriptions or ()),
        }

    @staticmethod
    def from_key(key: tuple) -> Scope:
        org_id, ccs, subs = key
        return Scope(
            org_id=org_id,
            cost_centres=None if ccs is None else frozenset(ccs),
            subscriptions=None if subs is None else frozenset(subs),
        )


# The SQL fragment every report uses to call a scoped macro with the scope's parameters.
SCOPE_ARGS = "$org_id, $cc_all, $ccs, $sub_all, $subs"


@dataclass(frozen=True)
class User:
    """An authenticated person (or a demo persona) and what they were granted."""

    user_id: str
    name: str
    role: Role
    org_id: str | None = None                       # None only for the operator
    cost_centres: frozenset[str] | None = None      # manager / analyst grants
    subscriptions: frozenset[str] = field(default_factory=frozenset)  # employee's own
    email: str | None = None
    is_demo: bool = False
    must_change_password: bool = False              # signed in with a temporary password

    def scope(self, org_id: str | None = None) -> Scope:
        """The scope of this user in ``org_id`` (the operator chooses; others have their own)."""
        if self.role is Role.OPERATOR:
            return Scope.organisation(org_id) if org_id else Scope.none()
        if not self.org_id or (org_id and org_id != self.org_id):
            return Scope.none()
        if self.role is Role.MAIN_USER:
            return Scope.organisation(self.org_id)
        if self.role is Role.MANAGER:  # a manager without grants sees nothing
            return Scope(org_id=self.org_id, cost_centres=self.cost_centres or frozenset())
        if self.role is Role.ANALYST:  # None: the whole organisation
            return Scope(org_id=self.org_id, cost_centres=self.cost_centres)
        if self.role is Role.EMPLOYEE:
            return Scope(org_id=self.org_id, subscriptions=frozenset(self.subscriptions))
        return Scope.none()
