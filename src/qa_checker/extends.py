"""``extends``: a rule set inherits its parent's rules, changed as its ``overrides`` say.

Parents are resolved before their children whatever order the files were read in, so
``a extends b extends cican`` gives ``a`` every rule of ``cican``. A cycle, a set that
extends itself, an unknown parent and an override naming no inherited rule are load
errors at the ``extends:`` or ``overrides:`` line: a rule set that silently checks
less than its author thinks would let a proposal "meet" it wrongly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qa_checker.errors import RuleSetError

if TYPE_CHECKING:
    from qa_checker.rulesets import Rule, RuleSet


def resolve(rulesets: dict[str, RuleSet]) -> None:
    """Give every extending rule set its full list of rules (in place)."""
    by_id = {rid.lower(): ruleset for rid, ruleset in rulesets.items()}
    done: set[str] = set()
    for ruleset in rulesets.values():
        for child in reversed(_chain(ruleset, by_id, done)):
            if child.extends:
                child.rules = _inherited(child, by_id[child.extends.lower()]) + child.rules
            done.add(child.id.lower())


def _chain(start: RuleSet, by_id: dict[str, RuleSet], done: set[str]) -> list[RuleSet]:
    """``start`` and its ancestors up to the first one already resolved (or the root)."""
    chain: list[RuleSet] = []
    current: RuleSet | None = start
    while current is not None and current.id.lower() not in done:
        chain.append(current)
        if not current.extends:
            break
        parent = by_id.get(current.extends.lower())
        if parent is None:
            raise RuleSetError(current.path, "rules.unknown_extends", {"id": current.extends}, current.extends_line, 1)
        if parent is current:
            raise RuleSetError(current.path, "rules.extends_itself", {"id": current.id}, current.extends_line, 1)
        seen = [rs.id.lower() for rs in chain]
        if parent.id.lower() in seen:
            cycle = [rs.id for rs in chain[seen.index(parent.id.lower()) :]] + [parent.id]
            params = {"cycle": " -> ".join(cycle)}
            raise RuleSetError(current.path, "rules.extends_cycle", params, current.extends_line, 1)
        current = parent
    return chain


def _inherited(child: RuleSet, parent: RuleSet) -> list[Rule]:
    changes = {rule_id.lower(): change for rule_id, change in child.overrides.items()}
    known = {rule.id.lower() for rule in parent.rules}
    for rule_id in child.overrides:
        if rule_id.lower() not in known:
            line = child.override_lines.get(rule_id, child.extends_line)
            params = {"ids": rule_id, "parent": parent.id}
            raise RuleSetError(child.path, "rules.unknown_override", params, line, 1)
    inherited = []
    for rule in parent.rules:
        change = changes.get(rule.id.lower(), {})
        if change.get("disabled"):
            continue
        inherited.append(
            replace(
                rule,
                ruleset=child.id,
                requirement=change.get("requirement", rule.requirement),
                override_reason=change.get("reason", rule.override_reason),
            )
        )
    return inherited
