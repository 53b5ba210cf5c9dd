"""The ``[tool.qa-checker]`` table of a TOML file, with the line of each value.

``tomllib`` gives neither the position of a value nor, before Python 3.14, of a syntax
error in a structured form. A configuration mistake must still be shown at its line,
so syntax errors take the line from the parser's message and values are found by
searching the text forward from the table's header, key by key. The search only ever
narrows a position; when it finds nothing the error names the table's line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qa_checker.errors import QaError

Position = tuple[int | None, int | None]

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_table(
    path: Path, key: str, near: Callable[[dict[str, Any]], str | None]
) -> tuple[dict[str, Any], Callable[[str], Position]]:
    """The table ``[tool.<key>]`` of ``path`` and a function placing JSON pointers in it.

    Raises ``QaError`` (exit 2) when the file cannot be read, is not valid TOML, has the
    table under a near-miss name (``near``), or has ``tool.<key>`` that is not a table."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QaError(shown, "config.unreadable", {"reason": _reason(exc)}) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _error_position(str(exc), text)
        problem = _AT.sub("", str(exc)).strip()
        raise QaError(shown, "config.toml_syntax", {"problem": problem[:200]}, line, column) from None
    lines = text.splitlines()
    tools = data.get("tool")
    tools = tools if isinstance(tools, dict) else {}
    if key not in tools:
        found = near(tools)
        if found is not None:
            line, column = _header(lines, found)
            raise QaError(shown, "config.near_table", {"found": found, "key": key}, line, column)
        raise QaError(shown, "config.no_table", {"key": key})
    table = tools[key]
    header = _header(lines, key)
    if not isinstance(table, dict):
        raise QaError(shown, "config.not_table", {"key": key}, *header)

    def locate(pointer: str) -> Position:
        return _locate(lines, header, table, pointer)

    return table, locate


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _error_position(message: str, text: str) -> Position:
    match = _AT.search(message)
    if match:
        return int(match.group(1)), int(match.group(2))
    if "end of document" in message:
        return max(1, len(text.splitlines())), None
    return None, None


def _header(lines: list[str], key: str) -> Position:
    """Where ``[tool.<key>]`` (or a ``[tool.<key>.*]`` sub-table, or a dotted
    ``tool.<key>...`` / ``<key> =`` under ``[tool]``) is written."""
    name = re.escape(key)
    pattern = re.compile(rf"""^\s*(\[\s*tool\s*\.\s*["']?{name}["']?\s*[.\]]|tool\s*\.\s*["']?{name}["']?\s*[.=])""")
    for index, line in enumerate(lines):
        if pattern.search(line):
            return index + 1, 1
    # ``qa-checker = ...`` written as a key inside ``[tool]``
    hit = _search(lines, 0, rf"""^\s*["']?{name}["']?\s*=""")
    return hit if hit is not None else (None, None)


def _locate(lines: list[str], header: Position, table: dict[str, Any], pointer: str) -> Position:
    start = (header[0] or 1) - 1
    found: Position = header
    node: Any = table
    for token in [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]:
        if isinstance(node, dict) and token in node:
            target = rf"""(^|[\s{{,.\[])["']?{re.escape(token)}["']?\s*(=|\])"""
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            value = node[int(token)]
            node = value
            if not isinstance(value, str | int | float | bool):
                break
            literal = value if isinstance(value, str) else str(value).lower()
            target = rf"""["']?{re.escape(str(literal))}["']?"""
        else:
            break
        hit = _search(lines, start, target)
        if hit is None:
            break
        start, found = hit[0] - 1, hit
    return found


def _search(lines: list[str], start: int, pattern: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the first match at or after line index ``start``."""
    compiled = re.compile(pattern)
    for index in range(start, len(lines)):
        match = compiled.search(lines[index])
        if match:
            column = match.start()
            while column < match.end() and lines[index][column] in " \t{,.[":
                column += 1
            return index + 1, column + 1
    return None
