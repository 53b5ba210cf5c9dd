"""JSON pointers as people read them, and path selection for rules.

``select``: a JSON pointer in which ``*`` matches every item.

Rules name the fields they look at with this one small syntax (``/assessments/*/maps_to/*``)
instead of JSONPath, because every finding reports a plain JSON pointer and the two
should read alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qa_checker.document import join, split


def select(data: Any, pattern: str) -> list[tuple[str, Any]]:
    """Every (pointer, value) that ``pattern`` reaches in ``data``; missing parts match nothing."""
    return list(_walk(data, "", split(pattern)))


def _walk(node: Any, pointer: str, tokens: list[str]) -> Iterator[tuple[str, Any]]:
    if not tokens:
        yield pointer, node
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, join(pointer, index), rest)
        elif isinstance(node, dict):
            for key in sorted(node):
                yield from _walk(node[key], join(pointer, key), rest)
    elif isinstance(node, dict):
        if head in node:
            yield from _walk(node[head], join(pointer, head), rest)
    elif isinstance(node, list) and head.isdigit() and int(head) < len(node):
        yield from _walk(node[int(head)], join(pointer, int(head)), rest)


def human_path(pointer: str) -> str:
    """``/assessments/2/maps_to`` → ``assessments[2].maps_to``, as a designer reads it."""
    out = ""
    for token in split(pointer):
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out or "(proposal)"
