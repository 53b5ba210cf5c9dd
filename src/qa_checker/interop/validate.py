"""Offline validation of exports against the standards' own JSON Schemas.

The schemas ship in ``qa_checker/schemas/standards`` (see its README for provenance)
and are read from there, never fetched. Each complaint is translated to the proposal
field the value came from and that field's line, because "'description' is a required
property at $.credentialSubject.achievement" tells a designer nothing.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, Draft201909Validator

from qa_checker.document import Document, join
from qa_checker.errors import InputError
from qa_checker.interop.export import Built
from qa_checker.pointer import human_path

SCHEMAS = {"OB3": "ob3-achievementcredential.schema.json", "CTDL": "ctdl-credential.schema.json"}


@cache
def schema(standard: str) -> dict[str, Any]:
    folder = resources.files("qa_checker.schemas").joinpath("standards")
    loaded: dict[str, Any] = json.loads(folder.joinpath(SCHEMAS[standard]).read_text(encoding="utf-8"))
    return loaded


def problems(standard: str, document: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer in ``document``, the schema's complaint) for each error, in document order."""
    full = schema(standard)
    if standard == "OB3":
        validator: Any = Draft201909Validator(full)
    else:  # the class's own definition: the schema's top-level anyOf would hide the real complaint
        kind = document.get("@type")
        own = f"#/definitions/{kind}" if isinstance(kind, str) and kind in full["definitions"] else None
        validator = Draft4Validator({**full, "anyOf": [{"$ref": own}]} if own else full)
    out: list[tuple[str, str]] = []
    for error in validator.iter_errors(document):
        best = _deepest(error)
        pointer = "".join(join("", p) for p in best.absolute_path)
        out.append((pointer, best.message[:300]))
    return sorted(set(out))


def _deepest(error: Any) -> Any:
    """A ``anyOf`` failure's most specific cause, not "is not valid under any schema"."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def translate(built: Built, found: list[tuple[str, str]], doc: Document, prefix: str = "") -> list[InputError]:
    """Each schema complaint as an error at the proposal field the value came from;
    ``prefix`` is where the built document sits inside the validated one."""
    errors = []
    for pointer, problem in found:
        inner = pointer[len(prefix) :] if prefix and pointer.startswith(prefix) else pointer
        field = built.source_of(inner)
        where = doc.locate(field)
        params = {"standard": built.standard, "where": pointer or "/", "field": human_path(field), "problem": problem}
        errors.append(InputError(doc.path, "interop.schema_refuses", params, where.line, where.column))
    return errors
