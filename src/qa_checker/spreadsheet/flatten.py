"""One proposal → one CSV row: the inverse of ``build.py``.

The proposal must already have passed validation (so every value has its model type).
Values that a cell cannot carry (an empty list or text, spaces around text) are
reported by ``losses`` so the export can say which columns will not read back the same.
"""

from __future__ import annotations

from typing import Any

from qa_checker.spreadsheet.columns import FILE_COLUMN, Column, columns
from qa_checker.spreadsheet.parse import write_item, write_list, write_value


def flatten(data: dict[str, Any], file_name: str) -> list[str]:
    """The row's cells in column order (empty string = field absent)."""
    return [file_name if c.name == FILE_COLUMN else cell(c, value_at(data, c.path)) for c in columns()]


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.shape == "items":
        return "\n".join(_item_line(column, item) for item in value)
    assert column.value is not None
    if column.shape == "list":
        return write_list(value, column.value)
    return write_value(value, column.value)


def _item_line(column: Column, item: dict[str, Any]) -> str:
    pairs = [(k.name, item[k.name], k.value, k.is_list) for k in column.keys if item.get(k.name) is not None]
    return write_item(pairs)


def comparable(value: Any) -> Any:
    """A value as the CSV can hold it: no nulls, no empty text or lists, no surrounding
    spaces, no empty items; numbers compare by value (36 == 36.0)."""
    if isinstance(value, dict):
        out = {k: comparable(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [comparable(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n").replace("\r", "\n")
    return value


def losses(original: dict[str, Any], read_back: dict[str, Any]) -> list[str]:
    """Columns whose value does not read back the same (surrounding spaces aside)."""
    lost = []
    for column in columns():
        if column.path and _strict(value_at(original, column.path)) != comparable(value_at(read_back, column.path)):
            lost.append(column.name)
    return lost


def _strict(value: Any) -> Any:
    """Like ``comparable`` but an empty value that was *present* still counts."""
    if value in ("", [], {}):
        return ("empty", type(value).__name__)
    if isinstance(value, str):
        return comparable(value)
    if isinstance(value, list):
        return [_strict(v) for v in value]
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items() if v is not None}
    return value
