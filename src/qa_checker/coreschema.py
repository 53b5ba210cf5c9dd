"""Validate proposals with pydantic-core alone, from a schema stored as data.

Building the ~40 pydantic model classes of ``qa_checker.model`` cost a one-file check
more time than all its own work (issue 18): a ``check`` needs only the verdict of the
model on the data (its errors), not the model objects. ``scripts/gen_core_schema.py``
writes the model's core schema to ``schemas/core/proposal.json`` once, with each model
class and validator function replaced by a name, and this module links the names back
and builds a ``pydantic_core.SchemaValidator``: the same validator pydantic builds, so
the same errors (type, location, context) in the same order, without pydantic.
``tests/test_coreschema.py`` keeps the file in step with the model and compares errors.

The file is package data written by us, never user input; it is plain JSON and linking
accepts only the names listed in ``_FUNCTIONS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from qa_checker.isodates import calendar_date
from qa_checker.paths import package_path

_FUNCTIONS: dict[str, Callable[..., Any]] = {"calendar_date": calendar_date}
_RESOURCE = "schemas/core/proposal.json"


def dump(schema: Any) -> str:
    """The core schema as JSON: classes and functions by name, metadata left out (it
    holds pydantic's JSON Schema hooks, which validation never reads), and so are the
    ``ref`` labels, which carry the address of a class in memory (the schema has no
    definitions that would use them), so the file is the same on every run."""
    names = {fn: name for name, fn in _FUNCTIONS.items()}

    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") in ("definitions", "definition-ref"):
                raise ValueError("the model's schema uses definitions: keep their refs")
            return {k: plain(v) for k, v in node.items() if k not in ("metadata", "ref")}
        if isinstance(node, (list, tuple)):
            return [plain(v) for v in node]
        if isinstance(node, type):
            return {"$class": node.__name__}
        if callable(node):
            if node not in names:
                raise ValueError(f"no name for validator function {node!r}: add it to _FUNCTIONS")
            return {"$function": names[node]}
        return node

    return json.dumps(plain(schema), ensure_ascii=False, indent=1) + "\n"


def _linked(node: Any, classes: dict[str, type]) -> Any:
    if isinstance(node, dict):
        if set(node) == {"$class"}:
            name = node["$class"]
            # a plain class of the model's name: pydantic-core fills its __dict__, and
            # error contexts (``class_name``) read the same as with the real model
            return classes.setdefault(name, type(name, (), {}))
        if set(node) == {"$function"}:
            return _FUNCTIONS[node["$function"]]
        return {k: _linked(v, classes) for k, v in node.items()}
    if isinstance(node, list):
        return [_linked(v, classes) for v in node]
    return node


@cache
def schema() -> dict[str, Any]:
    """The stored core schema of ``Proposal``, linked."""
    text = package_path(_RESOURCE).read_text(encoding="utf-8")
    linked: dict[str, Any] = _linked(json.loads(text), {})
    return linked


@cache
def _validator() -> SchemaValidator:
    return SchemaValidator(schema())  # type: ignore[arg-type,unused-ignore]  # a CoreSchema read from JSON


def errors(data: Any) -> list[Any]:
    """pydantic's error details for ``data`` as a proposal (``[]`` when it is valid),
    exactly as ``Proposal.model_validate`` would raise them."""
    try:
        _validator().validate_python(data)
    except ValidationError as exc:
        return list(exc.errors(include_url=False))
    return []


# Schema types that only wrap the schema of the value itself.
_WRAPPERS = ("nullable", "default", "function-after", "function-before", "model-field")


def _search(node: Any, pick: Callable[[Any], Any]) -> Any:
    """The first non-None ``pick`` of ``node`` or of what it wraps (a union's choices in
    order), as the model's annotations are searched for a model or a list."""
    found = pick(node)
    if found is not None:
        return found
    kind = node.get("type")
    if kind in _WRAPPERS:
        return _search(node["schema"], pick)
    if kind == "union":
        for choice in node["choices"]:
            found = _search(choice[0] if isinstance(choice, list) else choice, pick)
            if found is not None:
                return found
    return None


def _model_fields(node: Any) -> Any:
    if node.get("type") == "model":
        return node["schema"]["fields"]
    if node.get("type") == "list" and "items_schema" in node:
        return _fields(node["items_schema"])
    return None


def _fields(node: Any) -> dict[str, Any] | None:
    """The fields of the model a schema node validates (through lists too), or None."""
    found: dict[str, Any] | None = _search(node, _model_fields)
    return found


def _items(node: Any) -> Any:
    """The item schema of the list a node validates, or None."""
    return _search(node, lambda n: n.get("items_schema") if n.get("type") == "list" else None)


def _node_at(loc: tuple[str | int, ...]) -> Any:
    node: Any = schema()
    for part in loc:
        if isinstance(part, int):
            node = _items(node)
        else:
            fields = _fields(node)
            node = fields.get(part) if fields is not None else None
        if node is None:
            return None
    return node


def fields_at(loc: tuple[str | int, ...]) -> list[str] | None:
    """The field names of the mapping at ``loc`` (for "did you mean"), or None."""
    node = _node_at(loc)
    fields = _fields(node) if node is not None else None
    return list(fields) if fields is not None else None


def choices_at(loc: tuple[str | int, ...]) -> list[str]:
    """The allowed literal values at ``loc``, in the model's order."""
    node = _node_at(loc)
    found: list[str] = []

    def collect(n: Any) -> None:
        if not isinstance(n, dict):
            return
        if n.get("type") == "literal":
            found.extend(str(v) for v in n["expected"])
        elif n.get("type") in ("model",):
            return
        for key in ("schema", "choices", "items_schema"):
            child = n.get(key)
            if isinstance(child, list):
                for c in child:
                    collect(c[0] if isinstance(c, list) and c and isinstance(c[0], dict) else c)
            elif isinstance(child, dict):
                collect(child)

    if node is not None:
        collect(node)
    return found
