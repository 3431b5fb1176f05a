"""The optimisation rules as data: each rule's key, recommended action and its text (``RULES``),
and every threshold a user can change on the page with its default (``Thresholds``) and input
range (``THRESHOLD_FIELDS``). The rules themselves are reporting/optimisation/rules.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Rule:
    key: str             # stable id, stored with decisions
    action: str          # recommended action: terminate, change_plan, add_package, review, claim_credit
    title_key: str       # i18n: short name
    text_key: str        # i18n: the rule in words, formatted with the thresholds


RULES: tuple[Rule, ...] = (
    Rule("inactive", "terminate", "opt.rule.inactive", "opt.rule.inactive.text"),
    Rule("oversized", "change_plan", "opt.rule.oversized", "opt.rule.oversized.text"),
    Rule("undersized", "change_plan", "opt.rule.undersized", "opt.rule.undersized.text"),
    Rule("roaming", "add_package", "opt.rule.roaming", "opt.rule.roaming.text"),
    Rule("duplicate", "review", "opt.rule.duplicate", "opt.rule.duplicate.text"),
    Rule("billed_after_close", "claim_credit", "opt.rule.billed_after_close",
         "opt.rule.billed_after_close.text"),
)
RULE_KEYS = tuple(r.key for r in RULES)


def rule(key: str) -> Rule:
    for r in RULES:
        if r.key == key:
            return r
    raise KeyError(key)


@dataclass(frozen=True)
class Thresholds:
    """Every threshold a user can change on the page; the defaults are the product's."""

    inactive_months: int = 3          # no usage at all for this many months
    oversized_pct: float = 10.0       # data use below this % of the allowance ...
    oversized_months: int = 3         # ... in each of this many months
    headroom_pct: float = 50.0        # a smaller plan must cover the peak use plus this %
    undersized_months: int = 6        # usage charges in more than half of this many months
    roaming_months: int = 6           # roaming charges in at least roaming_min_months ...
    roaming_min_months: int = 2       # ... of this many months
    duplicate_same_cost_centre: bool = True   # duplicates only within one cost centre

    def window(self) -> int:
        """How many months of data the rules need."""
        return max(self.inactive_months, self.oversized_months, self.undersized_months,
                   self.roaming_months)

    def as_filters(self) -> dict:
        return asdict(self)

    @classmethod
    def from_filters(cls, values: dict) -> Thresholds:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


# (field, i18n label, min, max, step) for the page's inputs; booleans have no range.
THRESHOLD_FIELDS: tuple[tuple[str, str, float, float, float], ...] = (
    ("inactive_months", "opt.th.inactive_months", 1, 24, 1),
    ("oversized_pct", "opt.th.oversized_pct", 1, 100, 1),
    ("oversized_months", "opt.th.oversized_months", 1, 24, 1),
    ("headroom_pct", "opt.th.headroom_pct", 0, 500, 5),
    ("undersized_months", "opt.th.undersized_months", 1, 24, 1),
    ("roaming_months", "opt.th.roaming_months", 1, 24, 1),
    ("roaming_min_months", "opt.th.roaming_min_months", 1, 24, 1),
)
