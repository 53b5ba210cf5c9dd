"""Write a format 1 proposal as format 2 text, keeping the designer's comments.

``qa_checker.migration.upgrade`` says what the new data is; this module says how to
write it. For YAML the few changes are made on the lines that hold them (a key renamed,
a scalar put in brackets, a credit system renamed), so comments, order and layout stay
as the designer left them. The edited text is read back and compared with the mapping's
result; if they differ in any way (a value spread over several lines, an anchor, a
layout the line edit does not know), the file is written fresh instead, with a header
comment saying that its comments were not kept. JSON has no comments and is always
written fresh.
"""

from __future__ import annotations

import json
import re
from typing import Any

from qa_checker.document import Document
from qa_checker.migration import CREDIT_SYSTEMS, LISTED, RENAMED, upgrade

FRESH_HEADER = (
    "Rewritten in proposal format 2 by `qa-checker migrate`. The original's comments\n"
    "could not be kept in place; see the original file for them.\n"
)
# a one-line scalar after ``key:``: plain, or quoted without an escaped quote inside
_VALUE = re.compile(
    r"^(?P<key>[A-Za-z_]+)(?P<colon>[ \t]*:[ \t]*)"
    r"""(?P<value>"[^"\\]*"|'[^']*'|[^\s#'"\[{][^#]*?)"""
    r"(?P<rest>[ \t]*(?:#.*)?)$"
)


def migrated_text(text: str, doc: Document) -> tuple[str, bool]:
    """The format 2 text of ``doc`` (read from ``text``), and whether the comments were
    kept (False when it had to be written fresh)."""
    new = upgrade(doc.data)
    if doc.fmt == "json":
        return json.dumps(new.data, indent=2, ensure_ascii=False) + "\n", True
    edited = _edit_lines(text, doc)
    if edited is not None and _reads_as(edited, new.data):
        return edited, True
    from qa_checker.spreadsheet.yamlout import dump

    return dump(new.data, FRESH_HEADER), False


def _edit_lines(text: str, doc: Document) -> str | None:
    lines = text.splitlines(keepends=True)
    data = doc.data

    def line_of(pointer: str) -> int | None:
        pos = doc.positions.get(pointer)
        return pos.line - 1 if pos is not None and pos.column == 1 else None

    changes: list[tuple[int, str, str]] = [(_at(line_of("/schema_version")), "schema_version", "version")]
    changes += [(_at(line_of(f"/{old}")), old, "rename") for old in RENAMED if old in data and RENAMED[old] not in data]
    changes += [(_at(line_of(f"/{old}")), old, "list") for old in LISTED if old in data and LISTED[old] not in data]
    for index, key, what in changes:
        if index < 0 or index >= len(lines):
            return None
        line = lines[index]
        body, end = _split_end(line)
        match = _VALUE.match(body)
        if match is None or match["key"] != key:
            return None
        if what == "version":
            body = f"{key}{match['colon']}2{match['rest']}"
        elif what == "rename":
            body = f"{RENAMED[key]}{body[len(key) :]}"
        else:
            body = f"{LISTED[key]}{match['colon']}[{match['value']}]{match['rest']}"
        lines[index] = body + end
    system = doc.get("/credits/system")
    if isinstance(system, str) and system in CREDIT_SYSTEMS:
        pos = doc.positions.get("/credits/system")
        if pos is None:
            return None
        index = pos.line - 1
        line = lines[index]
        found = re.search(rf"(system[ \t]*:[ \t]*)(['\"]?){re.escape(system)}\2", line)
        if found is None:
            return None
        lines[index] = line[: found.start()] + found.group(1) + CREDIT_SYSTEMS[system] + line[found.end() :]
    return "".join(lines)


def _at(index: int | None) -> int:
    return -1 if index is None else index


def _split_end(line: str) -> tuple[str, str]:
    stripped = line.rstrip("\r\n")
    return stripped, line[len(stripped) :]


def _reads_as(text: str, expected: Any) -> bool:
    """Whether ``text`` reads back, with qa-checker's own loader, as ``expected``."""
    from qa_checker.errors import InputError, InputErrors
    from qa_checker.loader import load_text

    try:
        read = load_text(text, "migrated.yaml").data
    except (InputError, InputErrors):
        return False
    # compared as JSON text, so key order and ``true`` against ``1`` count too
    return json.dumps(read, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
