"""The field reference ``docs/fields.md``, generated from the model and the rule files.

Each field of the proposal model is one row: its path as a designer writes it, its type,
the values it allows, what it means (the schema descriptions of the message catalogue)
and the rules that read it. Which rules read a field is derived from each rule's
declaration: the JSON pointers its ``check`` and ``when`` schemas name, its built-in's
path parameters, its ``surface`` and ``at``. A rule that reads a whole part (``/cost``)
is listed on that part's row. ``scripts/gen_fields_doc.py`` writes the file and a test
fails while the committed file differs, so the reference cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from qa_checker import messages
from qa_checker.document import split
from qa_checker.messages import msg
from qa_checker.model import Proposal
from qa_checker.rulesets import Catalog, Rule, load_catalog
from qa_checker.spreadsheet.columns import ValueType, field_order, list_item, sub_model, value_type


@dataclass(frozen=True)
class FieldRow:
    path: str  # as a designer writes it: ``assessments[].maps_to``
    kind: str
    values: tuple[str, ...]
    meaning: str


def field_rows(model: type[BaseModel] = Proposal, prefix: str = "") -> Iterator[FieldRow]:
    """Every field of ``model``, depth first, in the order a proposal is read."""
    words = messages.words()
    for name in field_order(model):
        info = model.model_fields[name]
        path = f"{prefix}.{name}" if prefix else name
        meaning = words.get(f"{model.__name__}.{name}", "")
        scalar = value_type(info.annotation, info.metadata)
        if scalar is not None:
            yield FieldRow(path, _kind(scalar), scalar.choices, meaning)
            continue
        item = list_item(info.annotation)
        if item is not None:
            item_scalar = value_type(item)
            if item_scalar is not None:
                yield FieldRow(path, msg("fieldsdoc.list_of", kind=_kind(item_scalar)), item_scalar.choices, meaning)
                continue
            sub = sub_model(item)
            if sub is not None:
                yield FieldRow(path, msg("fieldsdoc.list_of_items"), (), meaning)
                yield from field_rows(sub, path + "[]")
                continue
        sub = sub_model(info.annotation)
        if sub is not None:
            yield FieldRow(path, msg("fieldsdoc.mapping"), (), meaning)
            yield from field_rows(sub, path)


def _kind(value: ValueType) -> str:
    if value.choices:
        return msg("fieldsdoc.kind_choice")
    names = [
        key
        for key, on in (
            ("text", value.text),
            ("integer", value.integer),
            ("number", value.number),
            ("boolean", value.boolean),
            ("date", value.date),
        )
        if on
    ]
    return msg("fieldsdoc.or").join(msg(f"fieldsdoc.kind_{n}") for n in names)


def rule_reads(rule: Rule) -> set[str]:
    """The JSON pointers (``*`` for every item) a rule's declaration names."""
    spec = rule.spec
    found: set[str] = set()
    for part in (spec.get("check"), spec.get("when")):
        if isinstance(part, dict):
            found |= _check_reads(part)
    found |= set(rule.surface)
    if rule.at:
        found.add(rule.at)
    return found


def _check_reads(check: dict[str, Any]) -> set[str]:
    if "builtin" in check:
        params = check.get("with") or {}
        found = {p for p in _strings(params) if p.startswith("/")}
        via, by = params.get("via"), params.get("by")
        if isinstance(via, str) and isinstance(by, str):
            found.add(f"{by}/{via}")
        if params.get("types") is not None:
            found.add("/evidence/*/type")
        return found
    base = check.get("each") or ""
    out = {base} if base else set()
    return out | _schema_reads(check.get("schema"), base)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _schema_reads(schema: Any, base: str) -> set[str]:
    if not isinstance(schema, dict):
        return set()
    out: set[str] = set()
    for name in schema.get("required") or []:
        if isinstance(name, str):
            out.add(f"{base}/{name}")
    for name, sub in (schema.get("properties") or {}).items():
        out.add(f"{base}/{name}")
        out |= _schema_reads(sub, f"{base}/{name}")
    for keyword in ("items", "contains"):
        out |= _schema_reads(schema.get(keyword), f"{base}/*")
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword) or []:
            out |= _schema_reads(sub, base)
    for keyword in ("if", "then", "else", "not"):
        out |= _schema_reads(schema.get(keyword), base)
    return out


def dotted(pointer: str) -> str:
    """``/assessments/*/maps_to`` → ``assessments[].maps_to``; a trailing ``*`` names
    the list itself."""
    out = ""
    for token in split(pointer):
        if token == "*" or token.isdigit():
            out += "[]"
        else:
            out += f".{token}" if out else token
    return out.removesuffix("[]")


def readers(catalog: Catalog, paths: set[str]) -> dict[str, set[str]]:
    """Rule IDs by field path; a pointer below the model's fields (a mapping's free
    keys) counts for its nearest known ancestor."""
    out: dict[str, set[str]] = {}
    for ruleset in catalog.rulesets.values():
        for rule in ruleset.rules:
            for pointer in rule_reads(rule):
                path = dotted(pointer)
                while path and path not in paths:
                    path = path.rsplit(".", 1)[0] if "." in path else ""
                    path = path.removesuffix("[]")
                if path:
                    out.setdefault(path, set()).add(rule.id)
    return out


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def fields_markdown(catalog: Catalog | None = None) -> str:
    """The whole of ``docs/fields.md``: the same model and rule files give the same text."""
    catalog = catalog or load_catalog()
    rows = list(field_rows())
    read_by = readers(catalog, {r.path for r in rows})
    lines = [msg("fieldsdoc.title"), "", msg("fieldsdoc.intro"), "", msg("fieldsdoc.head"), msg("fieldsdoc.rule")]
    for row in rows:
        cells = {
            "field": row.path,
            "kind": _cell(row.kind),
            "values": _cell(", ".join(f"`{v}`" for v in row.values)),
            "meaning": _cell(row.meaning),
            "rules": _cell(", ".join(sorted(read_by.get(row.path, ())))),
        }
        lines.append(msg("fieldsdoc.row", **cells))
    return "\n".join(lines) + "\n"
