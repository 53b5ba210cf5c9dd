"""Is the badge's own object well formed for its standard? Checked before it is mapped.

Two different answers, because they mean different things to a board:

- A property the standard itself *requires* is missing (an OB3 ``Achievement`` without
  ``description``): the badge is still readable, so ``check`` reports each missing
  property as a finding of the tool (``QA-OB3-REQUIRED`` ...), at the line of the object
  that should hold it. The lists come from the vendored schemas (OB3
  ``$defs/Achievement``, CTDL ``definitions/<class>``), never from a rule of ours; OB 2.0
  has no vendored schema, so its ``BadgeClass`` list is the one the OB 2.0 specification
  marks required (documented in docs/interop.md).
- A property we read has the wrong JSON type (``"name": 5``, ``"criteria": []``): the
  document cannot be read faithfully, so it is an input error (exit code 2) at that
  value's line, never a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa_checker.document import join
from qa_checker.interop.detect import Detected
from qa_checker.interop.validate import schema

# OB 2.0 BadgeClass: the properties the Open Badges 2.0 specification marks required.
OB2_REQUIRED = ("id", "type", "name", "description", "image", "criteria", "issuer")
RULE_IDS = {"OB3": "QA-OB3-REQUIRED", "OB 2.0": "QA-OB2-REQUIRED", "CTDL": "QA-CTDL-REQUIRED"}
SPECS = {
    "OB3": "https://www.imsglobal.org/spec/ob/v3p0/#achievement",
    "OB 2.0": "https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#BadgeClass",
    "CTDL": "https://credreg.net/ctdl/terms",
}

_TEXT = ("string",)
_LANG_TEXT = ("string", "object")  # CTDL: a string or a language map
# property → the JSON types this tool can read it as (a property not listed is not read, or read leniently)
_OB_TYPES: dict[str, tuple[str, ...]] = {
    "name": _TEXT,
    "description": _TEXT,
    "humanCode": _TEXT,
    "inLanguage": _TEXT,
    "achievementType": _TEXT,
    "criteria": ("object", "string"),
    "creditsAvailable": ("number",),
    "creator": ("object", "string"),
    "issuer": ("object", "string"),
    "alignment": ("array", "object"),
    "type": ("array", "string"),
}
# inside those: ``*`` is each item of a list (or the value itself when it is not a list)
_OB_NESTED: dict[str, tuple[str, ...]] = {
    "criteria/narrative": _TEXT,
    "creator/name": _TEXT,
    "issuer/name": _TEXT,
    "creator/address": ("object",),
    "alignment/*": ("object",),
    "alignment/*/targetName": _TEXT,
    "alignment/*/targetUrl": _TEXT,
    "alignment/*/targetCode": _TEXT,
    "alignment/*/targetFramework": _TEXT,
}
_CTDL_NESTED: dict[str, tuple[str, ...]] = {
    "ceterms:inLanguage/*": _TEXT,
    "ceterms:ownedBy/*": ("object", "string"),
    "ceterms:requires/*": ("object",),
    "ceterms:requires/*/ceterms:description": _LANG_TEXT,
    "ceterms:requires/*/ceterms:targetCompetency": ("array", "object"),
    "ceterms:requires/*/ceterms:targetCompetency/*": ("object",),
    "ceterms:occupationType/*": ("object",),
    "ceterms:estimatedDuration/*": ("object",),
}
_CTDL_TYPES: dict[str, tuple[str, ...]] = {
    "ceterms:name": _LANG_TEXT,
    "ceterms:description": _LANG_TEXT,
    "ceterms:ctid": _TEXT,
    "ceterms:codedNotation": _TEXT,
    "ceterms:subjectWebpage": _TEXT,
    "ceterms:inLanguage": ("array", "string"),
    "ceterms:ownedBy": ("array", "object", "string"),
    "ceterms:requires": ("array", "object"),
    "ceterms:occupationType": ("array", "object"),
    "ceterms:estimatedDuration": ("array", "object"),
}


@dataclass(frozen=True)
class WrongType:
    """A value at ``pointer`` (in the source document) that is not one of ``expected``."""

    pointer: str
    expected: tuple[str, ...]


def json_type(value: Any) -> str:
    """The JSON Schema name of ``value``'s type."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def node_at(data: Any, root: str) -> dict[str, Any]:
    """The object ``detect`` found at ``root`` (it checked it is an object)."""
    node: Any = data
    for token in [t for t in root.split("/") if t]:
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node if isinstance(node, dict) else {}


def required(detected: Detected) -> tuple[str, ...]:
    """The properties the standard requires on the object ``detected`` found."""
    if detected.standard == "OB3":
        return tuple(schema("OB3")["$defs"]["Achievement"]["required"])
    if detected.standard == "OB 2.0":
        return OB2_REQUIRED
    return ()


def missing(detected: Detected, data: Any) -> list[str]:
    """The required properties the object lacks, in the standard's order."""
    node = node_at(data, detected.root)
    names = required(detected)
    if detected.standard == "CTDL":
        definitions = schema("CTDL")["definitions"]
        kinds = [t for t in ([node.get("@type")] if isinstance(node.get("@type"), str) else []) if t in definitions]
        names = tuple(definitions[kinds[0]].get("required", ())) if kinds else ()
    return [name for name in names if node.get(name) is None]


def wrong_types(detected: Detected, data: Any) -> list[WrongType]:
    """Each value this tool reads whose JSON type it cannot read (by pointer)."""
    node = node_at(data, detected.root)
    ctdl = detected.standard == "CTDL"
    expected = {**(_CTDL_TYPES if ctdl else _OB_TYPES), **(_CTDL_NESTED if ctdl else _OB_NESTED)}
    out = []
    for path, kinds in expected.items():
        for pointer, value in _walk(node, path.split("/"), detected.root):
            if value is not None and json_type(value) not in kinds:
                out.append(WrongType(pointer, kinds))
    return sorted(out, key=lambda w: w.pointer)


def _walk(node: Any, tokens: list[str], at: str) -> list[tuple[str, Any]]:
    """(pointer, value) for each value ``tokens`` reaches; ``*`` steps into each list item,
    or stays on a single value (JSON-LD writes one value without a list)."""
    if not tokens:
        return [(at, node)]
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        if isinstance(node, list):
            return [hit for i, item in enumerate(node) for hit in _walk(item, rest, join(at, i))]
        return _walk(node, rest, at)
    if not isinstance(node, dict) or head not in node:
        return []
    return _walk(node[head], rest, join(at, head))
