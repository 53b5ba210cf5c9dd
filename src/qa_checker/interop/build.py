"""One export: build the document for a standard, check it, and say what was left out.

Everything the commands need in one call, so the check a user runs with ``--check`` is
exactly the one every written export passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa_checker.document import Document
from qa_checker.errors import InputError
from qa_checker.interop import ctdl, elm, ob3
from qa_checker.interop.export import Built
from qa_checker.interop.validate import problems, translate
from qa_checker.pointer import human_path


@dataclass
class Outcome:
    document: dict[str, Any]
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def export(
    standard: str, data: dict[str, Any], doc: Document, base_uri: str | None, credential: bool = False
) -> Outcome:
    """The export of proposal ``data`` (read from ``doc``) as ``standard``, validated."""
    from qa_checker.messages import msg

    built: Built
    if standard == "OB3":
        built = ob3.achievement(data, base_uri)
        wrapped = ob3.credential(built.doc, data, base_uri)
        found = problems("OB3", wrapped)
        errors = translate(built, found, doc, "/credentialSubject/achievement")
        document = wrapped if credential else built.doc
    elif standard == "CTDL":
        built = ctdl.credential(data, base_uri)
        errors = translate(built, problems("CTDL", built.doc), doc)
        document = built.doc
    else:
        built = elm.specification(data)
        errors = []
        for pointer, element in elm.structural_problems(built):
            where = doc.locate(pointer)
            params = {"element": element, "field": human_path(pointer)}
            errors.append(InputError(doc.path, "interop.elm_missing", params, where.line, where.column))
        document = built.doc
    for problem in built.errors:
        where = doc.locate(problem.pointer)
        errors.append(InputError(doc.path, problem.key, problem.params, where.line, where.column))
    notices = [f"{doc.path}:{doc.locate(p.pointer).line}: {msg(p.key, **p.params)}" for p in built.notices]
    if built.inexpressible:
        notices.append(msg("interop.inexpressible", standard=standard, fields=", ".join(built.inexpressible)))
    errors.sort(key=lambda e: (e.line or 0, e.key))
    return Outcome(document, errors, notices)
