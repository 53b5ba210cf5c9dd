"""What a rule reads, and a fingerprint of those values: what a decision is bound to.

A reviewer who confirms "the QA approval minute is attached" vouches for the evidence
items of that type, not for the course description. Binding the decision to the whole
file made every edit (even a YAML comment) cancel every decision, and taught boards to
ignore stale warnings. So a decision carries the SHA-256 of the values the rule's
inputs hold, plus the rule-set version: an unrelated edit keeps it valid, a relevant
one makes it stale.

A rule's inputs are derived from its declaration: the paths its ``check`` reads
(JSON Schema ``properties``/``required``, ``each``, a built-in's path parameters),
its ``surface`` (the fields a reviewer is shown) and its ``at`` anchor. Where the
paths cannot be derived (a schema keyword that reads a value as a whole at the top,
an unknown built-in), the input is the whole document's data: values only, so
comments and formatting never matter.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from qa_checker.document import join, split
from qa_checker.rulesets import Rule

WHOLE = ""  # the pointer of the whole document

# JSON Schema keywords that say nothing about the value (annotations).
_ANNOTATIONS = {"title", "description", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly"}
# Built-in parameters that are paths into the proposal.
_PATH_PARAMS = {
    "allowed": ("field",),
    "compound": ("fields",),
    "covered": ("items", "by"),
    "references": ("from", "to"),
    "unique": ("values",),
    "words": ("fields",),
}


@dataclass(frozen=True)
class Input:
    """One path a rule reads; ``keep`` narrows a wildcard to the items that count."""

    path: str
    keep: Callable[[Any], bool] | None = None
    label: str = ""  # how the filter is described in the fingerprint


def inputs(rule: Rule) -> list[Input]:
    """The paths ``rule`` depends on, or ``[Input(WHOLE)]`` when they cannot be told."""
    found = _check_inputs(rule.spec.get("check", {}))
    if found is None:
        return [Input(WHOLE)]
    paths = [*found, *(Input(p) for p in rule.surface)]
    if rule.at:
        paths.append(Input(rule.at))
    if any(item.path == WHOLE for item in paths):
        return [Input(WHOLE)]
    plain = _outermost({item.path for item in paths if item.keep is None})
    unique = {(item.path, item.label): item for item in paths if item.keep is not None or item.path in plain}
    return [unique[k] for k in sorted(unique)]


def _check_inputs(spec: dict[str, Any]) -> list[Input] | None:
    if "builtin" in spec:
        name, params = spec["builtin"], spec.get("with", {})
        if name == "evidence":
            return [_evidence_input(params)]
        if name not in _PATH_PARAMS:
            return None
        out: list[Input] = []
        for key in _PATH_PARAMS[name]:
            value = params.get(key)
            out.extend(Input(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        return out
    if "schema" not in spec:
        return None
    base = spec.get("each") or WHOLE
    reads = _schema_reads(spec["schema"], base)
    if WHOLE in reads:
        return None
    return [Input(p) for p in sorted(reads)]


def _evidence_input(params: dict[str, Any]) -> Input:
    """The evidence items of the accepted types: adding an unrelated document, or
    reordering the list, leaves the decision alone."""
    types, signed = frozenset(params.get("types", ())), bool(params.get("signed"))

    def keep(item: Any) -> bool:
        return isinstance(item, dict) and item.get("type") in types and (not signed or item.get("signed") is True)

    label = "type in " + ",".join(sorted(types)) + (" and signed" if signed else "")
    return Input("/evidence/*", keep, label)


def _schema_reads(schema: Any, base: str) -> set[str]:
    """The pointers a schema looks at when applied at ``base``; a keyword that judges
    the value as a whole reads ``base`` itself."""
    if not isinstance(schema, dict):
        return {base}
    out: set[str] = set()
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or (keyword == "type" and value == "object" and base == WHOLE):
            continue  # a proposal is always a mapping: saying so reads nothing
        if keyword == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                out |= _schema_reads(sub, join(base, name)) or {join(base, name)}
        elif keyword == "required" and isinstance(value, list):
            out |= {join(base, name) for name in value if isinstance(name, str)}
        elif keyword in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            for sub in value:
                out |= _schema_reads(sub, base)
        elif keyword in ("if", "then", "else", "not"):
            out |= _schema_reads(value, base)
        else:
            return {base}
    return _outermost(out)


def _outermost(pointers: set[str]) -> set[str]:
    """Drop pointers inside another one: reading ``/a`` already covers ``/a/b``."""
    kept: set[str] = set()
    for pointer in sorted(pointers, key=lambda p: len(split(p))):
        if not any(_inside(pointer, k) for k in kept):
            kept.add(pointer)
    return kept


def _inside(pointer: str, outer: str) -> bool:
    if outer == WHOLE:
        return True
    mine, theirs = split(pointer), split(outer)
    return len(mine) >= len(theirs) and all(t in ("*", m) for m, t in zip(mine, theirs, strict=False))


def values(data: Any, item: Input) -> list[Any]:
    """What ``item`` selects: list positions are left out (reordering or inserting an
    unrelated item changes nothing), mapping keys reached through ``*`` are kept."""
    return [[keys, value] for keys, value in _walk(data, split(item.path), []) if item.keep is None or item.keep(value)]


def _walk(node: Any, tokens: list[str], keys: list[str]) -> Iterator[tuple[list[str], Any]]:
    if not tokens:
        yield keys, node
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        if isinstance(node, list):
            for child in node:
                yield from _walk(child, rest, keys)
        elif isinstance(node, dict):
            for key in sorted(node):
                yield from _walk(node[key], rest, [*keys, key])
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, keys)
    elif isinstance(node, list) and head.isdigit() and int(head) < len(node):
        yield from _walk(node[int(head)], rest, keys)


def canonical(value: Any) -> bytes:
    """One byte string per value, whatever the file's formatting, key order or syntax."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def fingerprint(rule: Rule, ruleset_version: str, data: Any) -> str:
    """SHA-256 over the rule's ID, the rule-set version, and each input path with the
    values it selects in ``data``."""
    body = {
        "rule": rule.id,
        "ruleset_version": ruleset_version,
        "inputs": [[item.path, item.label, values(data, item)] for item in inputs(rule)],
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def described(rule: Rule) -> list[str]:
    """The inputs as pointers, for messages and the review prompt."""
    return [item.path or "/" for item in inputs(rule)]
