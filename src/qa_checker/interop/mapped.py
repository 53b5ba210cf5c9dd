"""The result of reading a standard's document as a proposal: data plus provenance.

A mapping records, for every proposal value it fills, the JSON pointer of the value it
came from, so findings, import comments and export errors can all name the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa_checker.document import split

SCHEMA_VERSION = 2
KIND = "MicroCredentialProposal"


@dataclass
class Mapped:
    """``sources`` maps proposal pointers to source pointers; ``root`` is the source
    pointer of the object that describes the credential (where a missing field goes)."""

    standard: str  # "OB3", "OB 2.0", "CTDL", "ELM"
    root: str
    data: dict[str, Any] = field(default_factory=lambda: {"kind": KIND, "schema_version": SCHEMA_VERSION})
    sources: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)

    def put(self, pointer: str, value: Any, source: str) -> None:
        """Set the proposal value at ``pointer`` (parents created), remembering ``source``."""
        if value is None:
            return
        tokens = split(pointer)
        node: Any = self.data
        for index, token in enumerate(tokens[:-1]):
            nxt = tokens[index + 1]
            if isinstance(node, list):
                position = int(token)
                while len(node) <= position:
                    node.append([] if nxt.isdigit() else {})
                node = node[position]
            else:
                node = node.setdefault(token, [] if nxt.isdigit() else {})
        last = tokens[-1]
        if isinstance(node, list):
            position = int(last)
            while len(node) <= position:
                node.append(None)
            node[position] = value
        else:
            node[last] = value
        self.sources[pointer] = source

    def source_of(self, pointer: str) -> str:
        """The source pointer for a proposal pointer: its own, its nearest mapped
        ancestor's, or the described object (where a missing value would go)."""
        while pointer:
            if pointer in self.sources:
                return self.sources[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.root


def text(value: Any) -> tuple[str | None, str]:
    """A plain string from a string or a JSON-LD language map (``{"en": "..."}``, English
    first), and the key it was found under ("" for a plain string)."""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, dict):
        for key in sorted(value, key=lambda k: (not str(k).lower().startswith("en"), str(k))):
            if isinstance(value[key], str):
                return value[key], str(key)
            if isinstance(value[key], list) and value[key] and isinstance(value[key][0], str):
                return value[key][0], f"{key}/0"
    return None, ""


def as_list(value: Any) -> list[Any]:
    """JSON-LD writes a single value or a list of them; read both as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_url(value: Any) -> bool:
    """Absolute http(s) URLs only: what OB3 alignments and CTDL target nodes accept."""
    return isinstance(value, str) and value.startswith(("https://", "http://")) and " " not in value
