"""What an export is built into: the document, where each value came from, and what
could not go in, so every complaint names the proposal's field and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qa_checker.document import split

HEADER = ("kind", "schema_version")


@dataclass(frozen=True)
class Problem:
    """An export problem (an ``error``) or a value left out (a notice), at a proposal pointer."""

    pointer: str
    key: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Built:
    """``sources`` maps pointers in ``doc`` to proposal pointers."""

    standard: str
    doc: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    inexpressible: list[str] = field(default_factory=list)

    def put(self, pointer: str, value: Any, source: str) -> None:
        """Set a top-level or nested member of ``doc`` (parents must exist) from ``source``."""
        if value is None:
            return
        *parents, last = split(pointer)
        node: Any = self.doc
        for token in parents:
            node = node.setdefault(token, {})
        node[last] = value
        self.sources[pointer] = source

    def error(self, pointer: str, key: str, **params: str) -> None:
        self.errors.append(Problem(pointer, key, params))

    def left_out(self, pointer: str, key: str, **params: str) -> None:
        self.notices.append(Problem(pointer, key, params))

    def source_of(self, pointer: str) -> str:
        """The proposal pointer behind an export pointer (its nearest mapped ancestor's)."""
        while pointer:
            if pointer in self.sources:
                return self.sources[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return ""

    def not_expressible(self, data: dict[str, Any], expressible: tuple[str, ...]) -> None:
        """Record the proposal's fields (with a value) that ``expressible`` does not cover."""
        self.inexpressible = unexpressed(data, expressible)


def covered(pointer: str, expressible: tuple[str, ...]) -> bool:
    """Whether the standard can hold the value at ``pointer``, or part of it."""
    return any(pointer == p or pointer.startswith(p + "/") or p.startswith(pointer + "/") for p in expressible)


def unexpressed(data: dict[str, Any], expressible: tuple[str, ...]) -> list[str]:
    """Field names (``credits.system``) with a value in ``data`` the standard cannot hold."""
    out: list[str] = []
    for key, value in data.items():
        if key in HEADER or value is None:
            continue
        top = f"/{key}"
        if not covered(top, expressible):
            out.append(key)
        elif isinstance(value, dict) and top not in expressible:
            out.extend(f"{key}.{sub}" for sub in value if not covered(f"{top}/{sub}", expressible))
    return out
