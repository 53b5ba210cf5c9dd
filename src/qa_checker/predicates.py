"""Turn a rule's declarative ``check`` or ``when`` into a function of the proposal.

Two forms exist: a JSON Schema fragment (optionally applied to every value an ``each``
path selects) or a named built-in. Validators are built here once per process and then
reused for every proposal, never re-derived per call; JSON Schema fragments run in the
rule dialect of ``rule_schema`` (offline references, RE2 patterns, enforced formats).
"""

from __future__ import annotations

from typing import Any

from qa_checker import rule_schema
from qa_checker.builtins import MODULES
from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.document import join
from qa_checker.pointer import select


def compile_predicate(spec: dict[str, Any]) -> Check:
    """Compile a validated predicate spec (see ruleset.schema.json ``predicate``)."""
    if "builtin" in spec:
        return MODULES[spec["builtin"]].compile(spec.get("with", {}))
    return _schema_check(spec["schema"], spec.get("each"))


def _schema_check(schema: Any, each: str | None) -> Check:
    validator = rule_schema.validator(schema)

    def check(data: Any) -> CheckResult:
        targets = select(data, each) if each else [("", data)]
        outcome = CheckResult()
        seen: set[str] = set()
        for base, value in targets:
            for error in validator.iter_errors(value):
                for pointer in _error_pointers(base, error):
                    if pointer not in seen:
                        seen.add(pointer)
                        outcome.violations.append(Violation(pointer))
            if each:
                outcome.found.append(base)
        return outcome

    return check


def _error_pointers(base: str, error: Any) -> list[str]:
    """Where a schema error is: for a missing property, the property that should exist;
    for ``anyOf``/``oneOf``, where the alternative that got furthest went wrong (so a
    present-but-wrong value is pointed at, not the whole proposal)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        best = max(error.context, key=lambda e: len(e.absolute_path))
        if len(best.absolute_path) > len(error.absolute_path):
            return _error_pointers(base, best)
    pointer = base
    for token in error.absolute_path:
        pointer = join(pointer, token)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [join(pointer, name) for name in missing] or [pointer]
    return [pointer]
