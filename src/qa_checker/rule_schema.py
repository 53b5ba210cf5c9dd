"""The JSON Schema dialect of rule checks: offline, linear-time, and nothing ignored.

Rule files can come from a repository being checked (its ``.qa-checker.yaml`` names
rule folders), so a rule's ``schema`` is treated as untrusted code:

- ``$ref`` resolves only inside the rule's own schema and qa-checker's bundled
  schemas, through a ``referencing.Registry`` that cannot retrieve anything: no request
  ever leaves the machine, and a reference it cannot resolve is refused when the rule
  set loads, not met on the first proposal.
- ``pattern`` runs on RE2 (linear time), so no pattern can hang a check on crafted
  text; a pattern RE2 cannot run (backreferences, lookaround) is refused at load.
- ``format`` is enforced for the formats listed in ``FORMATS`` and refused for any
  other, so a rule never silently passes because its format was not checked.
- Keywords that would bypass the above (``$id`` and ``$schema`` change how references
  and the validator are chosen, ``patternProperties`` and ``$dynamicRef`` run outside
  the RE2 and static-reference checks) are refused.

``problems`` finds all of this with a pointer for the error's line; ``validator``
builds the validator used on proposals and refuses an unsafe schema itself, so the
guarantees hold whatever path a schema took to get there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import SchemaError
from jsonschema.protocols import Validator
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from qa_checker.document import join
from qa_checker.schemacompile import re2_program

# Formats jsonschema checks without optional packages, with Draft 2020-12 meaning.
# "uri", "date-time", "time", "hostname"... would need extra libraries: refused instead.
FORMATS = ("date", "email", "idn-email", "ipv4", "ipv6", "regex", "uuid")

# Keywords a rule schema may not use, and why (the message key's {reason}).
REFUSED = {
    "$id": "rule_schema.refused_id",
    "$schema": "rule_schema.refused_schema",
    "$dynamicRef": "rule_schema.refused_dynamic",
    "$dynamicAnchor": "rule_schema.refused_dynamic",
    "patternProperties": "rule_schema.refused_pattern_properties",
}

# Draft 2020-12 keywords whose value is a schema, a mapping of schemas or a list of them.
_ONE = (
    "additionalProperties",
    "items",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


@dataclass(frozen=True)
class Problem:
    """Why a schema cannot be used, and where inside it (a JSON pointer)."""

    pointer: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class UnsafeSchema(ValueError):
    """Raised by ``validator`` for a schema ``problems`` would refuse."""


# The RE2 program for a pattern (raises ``re2.error`` if RE2 cannot run it): one engine
# and one set of options for both forms of a check.
compiled = re2_program


def _re2_problem(pattern: str) -> str | None:
    try:
        compiled(pattern)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    return None


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The ``pattern`` keyword on RE2: the same meaning, in time linear in the text."""
    if validator.is_type(instance, "string") and not compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _format_checker() -> FormatChecker:
    checker = FormatChecker(FORMATS)
    # "regex" means a pattern this dialect can run: an RE2 pattern.
    checker.checks("regex", raises=())(lambda value: not isinstance(value, str) or _re2_problem(value) is None)
    return checker


@cache
def _bundled() -> Registry[Any]:
    """qa-checker's own schemas, by their ``$id``; nothing else, and nothing retrieved."""
    folder = resources.files("qa_checker.schemas")
    pairs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            contents = json.loads(entry.read_text(encoding="utf-8"))
            pairs.append((contents["$id"], DRAFT202012.create_resource(contents)))
    return Registry().with_resources(pairs)


_RuleValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


def bundled_ids() -> list[str]:
    """The ``$id`` of every schema a rule may refer to (for messages and docs)."""
    return sorted(str(uri) for uri in _bundled())


def _subschemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (pointer, schema object) in ``schema``, following only schema-valued keywords,
    so a property that happens to be called ``format`` or ``pattern`` is left alone."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _ONE:
        if key in schema:
            yield from _subschemas(schema[key], join(pointer, key))
    for key in _MAP:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield from _subschemas(sub, join(join(pointer, key), name))
    for key in _LIST:
        value = schema.get(key)
        if isinstance(value, list):
            for index, sub in enumerate(value):
                yield from _subschemas(sub, join(join(pointer, key), index))


def _keyword_problems(root: Any) -> Iterator[Problem]:
    resolver = _bundled().resolver_with_root(DRAFT202012.create_resource(root))
    for pointer, schema in _subschemas(root):
        for keyword, key in REFUSED.items():
            if keyword in schema:
                yield Problem(join(pointer, keyword), key, {"keyword": keyword})
        ref = schema.get("$ref")
        if isinstance(ref, str):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                yield Problem(
                    join(pointer, "$ref"), "rule_schema.ref", {"ref": ref, "bundled": ", ".join(bundled_ids())}
                )
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in FORMATS:
            yield Problem(join(pointer, "format"), "rule_schema.format", {"format": fmt, "known": ", ".join(FORMATS)})
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            reason = _re2_problem(pattern)
            if reason is not None:
                yield Problem(join(pointer, "pattern"), "rule_schema.pattern", {"pattern": pattern, "problem": reason})


def problems(schema: Any) -> list[Problem]:
    """Everything that stops ``schema`` from being a rule check, most precise first: the
    dialect's own refusals (each at its keyword), then the 2020-12 meta-schema."""
    found = list(_keyword_problems(schema))
    if found:
        return found
    try:
        Draft202012Validator.check_schema(schema, format_checker=_format_checker())
    except SchemaError as exc:
        where = "".join(join("", token) for token in exc.absolute_path)
        return [Problem(where, "rules.bad_schema", {"problem": exc.message[:300]})]
    return []


def validator(schema: Any) -> Validator:
    """The validator a rule uses on proposals: RE2 patterns, enforced formats, no
    retrieval. Cheap checks run again here, so no cached or hand-built spec can get
    an unsafe validator; the full check (``problems``) runs when the rule set loads."""
    unsafe = list(_keyword_problems(schema))
    if unsafe:
        raise UnsafeSchema(unsafe[0].key)
    result: Validator = _RuleValidator(schema, registry=_bundled(), format_checker=_format_checker())
    return result
