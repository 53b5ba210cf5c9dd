"""Positions and limits for JSON text, read without the YAML parser.

``json`` builds the data (exact JSON number and escape rules) but says nothing about
where a value is. This scanner reads the same text once, token by token, and records
the line and column of every key and item, so JSON findings point at a line as YAML
ones do. It also applies every loader limit (depth, values, items per list, string
length) and refuses duplicate keys as it goes, with the position of the offending
token, before ``json.loads`` builds anything.

It is deliberately independent of the YAML parser: YAML cannot read every JSON text
(a key longer than 1,024 characters is a YAML syntax error), and when positions came
from a YAML walk, such a file skipped every limit. Malformed JSON simply ends the scan
early; ``json.loads`` then reports the syntax error precisely.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from qa_checker.document import Position, ScalarSpan, join
from qa_checker.errors import InputError
from qa_checker.limits import Limits, int_digits_limit, too_many_digits
from qa_checker.pointer import human_path

# One token after optional JSON whitespace: a complete string, a structural character,
# a bare literal (number, true, false, null, or a non-JSON word such as NaN), or any
# other character, which means the text is malformed.
_TOKEN = re.compile(
    r'[ \t\r\n]*(?:("(?:[^"\\\x00-\x1f]|\\.)*")|([\[\]{},:])|([^ \t\r\n\[\]{},:"]+)|(.))',
    re.DOTALL,
)
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


@dataclass
class _Open:
    """An open object or array."""

    pointer: str
    is_map: bool
    items: int = 0
    keys: set[str] = field(default_factory=set)
    key: str | None = None
    key_at: Position = Position(1, 1)


class _Scan:
    def __init__(self, text: str, shown: str, limits: Limits) -> None:
        self.text = text
        self.shown = shown
        self.limits = limits
        self.positions: dict[str, Position] = {}
        self.spans: dict[str, ScalarSpan] = {}
        self.stack: list[_Open] = []
        self.nodes = 0
        self.done = False  # the root value is complete

    def fail(self, message: str, at: Position, /, **params: object) -> InputError:
        return InputError(self.shown, message, dict(params), at.line, at.column)

    def count(self, at: Position) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail("loader.too_many_nodes", at, limit=self.limits.max_nodes)

    def place(self, at: Position) -> str | None:
        """Pointer of the value starting at ``at``; None when the text is malformed here."""
        if not self.stack:
            if self.done:
                return None
            self.positions[""] = at
            return ""
        top = self.stack[-1]
        if top.is_map:
            if top.key is None:
                return None
            pointer, where = join(top.pointer, top.key), top.key_at
            top.key = None
        else:
            if top.items >= self.limits.max_items:
                raise self.fail("loader.too_many_items", at, field=human_path(top.pointer), limit=self.limits.max_items)
            pointer, where = join(top.pointer, top.items), at
            top.items += 1
        self.positions[pointer] = where
        return pointer

    def string_value(self, token: str, at: Position) -> str | None:
        """The decoded text of a string token (None if it is not valid JSON), refused
        when longer than ``max_string``."""
        try:
            text = json.loads(token) if "\\" in token else token[1:-1]
        except ValueError:
            return None
        if len(text) > self.limits.max_string:
            raise self.fail("loader.string_too_long", at, limit=self.limits.max_string)
        return text

    def key(self, token: str, at: Position) -> bool:
        top = self.stack[-1]
        self.count(at)
        name = self.string_value(token, at)
        if name is None:
            return False
        if name in top.keys:
            first = self.positions.get(join(top.pointer, name))
            raise self.fail("loader.duplicate_key", at, key=name, first=first.line if first else "?")
        top.keys.add(name)
        top.key, top.key_at = name, at
        return True

    def expects_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is None

    def run(self) -> None:
        text = self.text
        line, line_start, last = 1, 0, 0
        for match in _TOKEN.finditer(text):
            kind = match.lastindex
            if kind == 2 and match.group(2) in ",:":
                continue  # separators carry no value; the parser checks their placement
            start = match.start(kind or 0)
            newlines = text.count("\n", last, start)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", last, start) + 1
            last = start
            at = Position(line, start - line_start + 1)
            token = match.group(kind or 0)
            if kind == 4:
                return
            if kind == 2:
                if not self.structural(token, at):
                    return
            elif kind == 1 and self.expects_key():
                if not self.key(token, at):
                    return
            elif not self.scalar(token if kind == 1 else None, token if kind == 3 else None, at):
                return

    def structural(self, mark: str, at: Position) -> bool:
        if mark in "[{":
            if len(self.stack) >= self.limits.max_depth:
                raise self.fail("loader.too_deep", at, limit=self.limits.max_depth)
            self.count(at)
            pointer = self.place(at)
            if pointer is None:
                return False
            self.stack.append(_Open(pointer, mark == "{"))
        elif mark in "]}":
            if not self.stack or self.stack[-1].is_map != (mark == "}"):
                return False
            self.stack.pop()
            self.done = not self.stack
        return True

    def scalar(self, string: str | None, bare: str | None, at: Position) -> bool:
        if bare in _CONSTANTS:
            raise self.fail("loader.json_constant", at, value=bare)
        if bare is not None and too_many_digits(bare) and bare.lstrip("-").isdigit():
            raise self.fail("loader.long_number", at, digits=len(bare), limit=int_digits_limit())
        self.count(at)
        if string is not None and self.string_value(string, at) is None:
            return False
        pointer = self.place(at)
        if pointer is None:
            return False
        if string is not None:
            self.spans[pointer] = ScalarSpan(at.line, at.column, '"')
        self.done = not self.stack
        return True


def scan(text: str, shown: str, limits: Limits) -> tuple[dict[str, Position], dict[str, ScalarSpan]]:
    """Positions of every key and item and the spans of string values; raises
    ``InputError`` (with line and column) when a limit is exceeded or a key repeats."""
    scanner = _Scan(text, shown, limits)
    scanner.run()
    scanner.positions.setdefault("", Position(1, 1))
    return scanner.positions, scanner.spans
