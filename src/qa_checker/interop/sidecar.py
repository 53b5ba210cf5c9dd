"""``badge.qa.yaml``: the proposal fields a standard cannot state, kept beside the badge.

A board still needs learning outcomes, partners or evidence that OB3 has no place for;
the sidecar supplies them without editing the issued file. Its top-level keys replace
the mapped ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qa_checker.document import Document, join
from qa_checker.errors import InputError
from qa_checker.limits import Limits

HEADER = ("kind", "schema_version")


def path_for(source: Path) -> Path:
    """``badge.json`` → ``badge.qa.yaml`` in the same folder."""
    return source.with_name(source.stem + ".qa.yaml")


def load(source: Path, limits: Limits) -> Document | None:
    """The sidecar document (a mapping), or None when there is none; a broken one is the
    file's error. Its positions are kept so a finding on a value it supplies points at
    the sidecar's own line."""
    from qa_checker.loader import load_document

    path = path_for(source)
    if not path.is_file():
        return None
    doc = load_document(path, limits)
    if not isinstance(doc.data, dict):
        raise InputError(str(path), "interop.sidecar_not_mapping", {}, 1, 1)
    return doc


def fields(doc: Document | None) -> dict[str, Any]:
    """The proposal fields a sidecar supplies (its header, if any, is not one)."""
    if doc is None:
        return {}
    return {k: v for k, v in doc.data.items() if k not in HEADER}


def supplies(pointer: str, keys: tuple[str, ...]) -> bool:
    """Whether the proposal value at ``pointer`` comes from a sidecar with ``keys``."""
    return any(pointer == join("", k) or pointer.startswith(join("", k) + "/") for k in keys)
