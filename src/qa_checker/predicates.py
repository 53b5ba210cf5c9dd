"""Turn a rule's declarative ``check`` or ``when`` into a function of the proposal.

Two forms exist: a JSON Schema fragment (optionally applied to every value an ``each``
path selects) or a named built-in. Checks are built here once per process and then
reused for every proposal, never re-derived per call. A JSON Schema fragment runs
compiled to plain Python (``schemacompile``) when it uses only the keywords that
compiler reproduces, which every shipped rule does; any other fragment runs on
jsonschema in the rule dialect of ``rule_schema`` (offline references, RE2 patterns,
enforced formats). Both give the same violations in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from qa_checker import schemacompile
from qa_checker.builtins import MODULES
from qa_checker.builtins.result import Check, CheckResult, Violation
from qa_checker.document import join
from qa_checker.pointer import select

# The errors of one value, each already turned into its pointers (in order).
Pointers = Callable[[str, Any], Iterable[list[str]]]


def compile_predicate(spec: dict[str, Any]) -> Check:
    """Compile a validated predicate spec (see ruleset.schema.json ``predicate``)."""
    if "builtin" in spec:
        return MODULES[spec["builtin"]].compile(spec.get("with", {}))
    return _schema_check(spec["schema"], spec.get("each"))


def _schema_check(schema: Any, each: str | None) -> Check:
    fast = schemacompile.compile_schema(schema)
    pointers = _compiled_pointers(fast) if fast is not None else _jsonschema_pointers(schema)

    def check(data: Any) -> CheckResult:
        targets = select(data, each) if each else [("", data)]
        outcome = CheckResult()
        seen: set[str] = set()
        for base, value in targets:
            for found in pointers(base, value):
                for pointer in found:
                    if pointer not in seen:
                        seen.add(pointer)
                        outcome.violations.append(Violation(pointer))
            if each:
                outcome.found.append(base)
        return outcome

    return check


def _compiled_pointers(fast: schemacompile.Compiled) -> Pointers:
    errors_of = fast.errors

    def pointers(base: str, value: Any) -> Iterable[list[str]]:
        return [_compiled_error_pointers(base, error, ()) for error in errors_of(value)]

    return pointers


def _compiled_error_pointers(base: str, error: schemacompile.SchemaError, above: tuple[Any, ...]) -> list[str]:
    """``_error_pointers`` for a compiled error whose instance is at ``above`` (below ``base``)."""
    path = above + error.path
    if error.keyword in ("anyOf", "oneOf") and error.context:
        best = max(error.context, key=lambda e: len(e.path))
        if best.path:
            return _compiled_error_pointers(base, best, path)
    pointer = base
    for token in path:
        pointer = join(pointer, token)
    if error.keyword == "required":
        return [join(pointer, name) for name in error.missing] or [pointer]
    return [pointer]


def _jsonschema_pointers(schema: Any) -> Pointers:
    from qa_checker import rule_schema  # imports jsonschema: only for what cannot run compiled

    validator = rule_schema.validator(schema)

    def pointers(base: str, value: Any) -> Iterable[list[str]]:
        return (_error_pointers(base, error) for error in validator.iter_errors(value))

    return pointers


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
