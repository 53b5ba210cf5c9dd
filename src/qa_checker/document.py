"""A loaded file: plain JSON-like data plus where every value came from.

Rules, the model and every reporter speak JSON pointers (RFC 6901); the position map
turns a pointer into the line and column a person should look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Position:
    """1-based line and column, as editors, SARIF and GitHub annotations count."""

    line: int
    column: int


@dataclass(frozen=True)
class ScalarSpan:
    """Where a string's text starts, so a word inside it can be located.

    ``style`` is the YAML scalar style: "" plain, "'" or '"' quoted, "|" or ">" block.
    """

    line: int
    column: int
    style: str


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape(token)}"


def split(pointer: str) -> list[str]:
    return [unescape(part) for part in pointer.split("/")[1:]] if pointer else []


@dataclass
class Document:
    """``positions`` maps a pointer to its key (mapping members) or to the item itself
    (sequence items); ``""`` is the document's root. ``origins`` maps a pointer to the
    file its value (and everything under it) was read from when that is not ``path``: a
    badge's sidecar supplies fields, and a finding on them belongs at the sidecar's line."""

    path: str
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)
    spans: dict[str, ScalarSpan] = field(default_factory=dict)
    sha256: str = ""
    fmt: str = "yaml"
    origins: dict[str, str] = field(default_factory=dict)

    def file_of(self, pointer: str) -> str:
        """The file the value at ``pointer`` was read from (``path`` unless ``origins`` says)."""
        while self.origins and pointer:
            if pointer in self.origins:
                return self.origins[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.path

    def locate(self, pointer: str) -> Position:
        """Position of ``pointer``, or of its nearest ancestor that exists.

        A missing field is reported at the mapping that should hold it.
        """
        while True:
            found = self.positions.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return Position(1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def locate_text(self, pointer: str, offset: int) -> Position:
        """Position of the character at ``offset`` inside the string at ``pointer``.

        Exact for single-line plain and quoted scalars (the common case for outcome
        statements); for block and multi-line scalars, the line the text starts on is
        found by counting newlines, which is exact for literal (``|``) blocks.
        """
        span = self.spans.get(pointer)
        value = self.get(pointer)
        if span is None or not isinstance(value, str):
            return self.locate(pointer)
        before = value[:offset]
        newlines = before.count("\n")
        if span.style in ("", "'", '"') and newlines == 0:
            quote = 1 if span.style in ("'", '"') else 0
            return Position(span.line, span.column + quote + offset)
        if span.style == "|":
            last = before.rsplit("\n", 1)[-1]
            return Position(span.line + newlines, span.column + len(last))
        return Position(span.line, span.column)

    def get(self, pointer: str, default: Any = None) -> Any:
        node = self.data
        for token in split(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return default
        return node
