"""Read one cell's text as the value the model expects, and write it back.

Cell syntax (``docs/csv.md``):

* a value cell is taken as it is, less surrounding spaces; no escapes apply there;
* a list cell holds items separated by ``;`` (or by line breaks);
* an items cell holds one item per line, ``key: value`` pairs separated by ``|``, list
  values separated by ``;``;
* in list and items cells a backslash escapes: ``\\|`` ``\\;`` ``\\\\`` and ``\\n`` (a
  line break); any other backslash is kept as it is;
* where a column takes text *or* a number, a value that looks like a number is a
  number; start it with an apostrophe (``'6``) to keep it as text.

Problems are raised as ``CellProblem`` with a ``csv.*`` message key; the caller adds
the row and column.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from qa_checker.spreadsheet.columns import ValueType

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
TRUE = ("true", "yes")
FALSE = ("false", "no")
TEXT_MARK = "'"
_UNESCAPE = {"\\": "\\", "|": "|", ";": ";", "n": "\n"}


@dataclass
class CellProblem(Exception):
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.key)


@dataclass
class LineProblem(Exception):
    """A problem with one line of an items cell (``line`` counts from 1 in the cell)."""

    line: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.key)


def normalise(cell: str) -> str:
    """Spreadsheets write line breaks in a cell as CRLF, LF or CR: make them LF."""
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def shown(text: str) -> str:
    one_line = text.replace("\n", "\\n")
    return one_line if len(one_line) <= 60 else one_line[:57] + "..."


def convert(text: str, kind: ValueType) -> Any:
    """The value of one (already unescaped) piece of text."""
    text = text.strip()
    if kind.boolean:
        lowered = text.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise CellProblem("csv.not_boolean", {"value": shown(text)})
    if kind.choices:
        if text in kind.choices:
            return text
        close = difflib.get_close_matches(text, kind.choices, n=1, cutoff=0.6)
        same_but_case = [c for c in kind.choices if c.lower() == text.lower()]
        suggestion = (same_but_case or close or [""])[0]
        params = {"value": shown(text), "choices": ", ".join(kind.choices)}
        if suggestion:
            raise CellProblem("csv.not_choice_suggest", {**params, "suggestion": suggestion})
        raise CellProblem("csv.not_choice", params)
    if kind.text_or_number:
        if text.startswith(TEXT_MARK):
            return text[1:]
        number = _number(text, kind.integer and not kind.number)
        return text if number is None else number
    if kind.integer:
        if _INT.fullmatch(text) and len(text) <= MAX_DIGITS:
            return int(text)
        if _INT.fullmatch(text):
            raise CellProblem("csv.too_many_digits", {"value": shown(text), "limit": MAX_DIGITS})
        raise CellProblem("csv.not_integer", {"value": shown(text)})
    if kind.number:
        if len(text) > MAX_DIGITS and _FLOAT.fullmatch(text):
            raise CellProblem("csv.too_many_digits", {"value": shown(text), "limit": MAX_DIGITS})
        number = _number(text, False)
        if number is None:
            raise CellProblem("csv.not_number", {"value": shown(text)})
        return number
    return text


# No hours, credits or months figure needs more digits than this.
MAX_DIGITS = 30


def _number(text: str, whole_only: bool) -> int | float | None:
    """A whole number stays an int (so ``36`` is written back as ``36``, not ``36.0``);
    a run of more digits than any amount needs is not read as a number at all (Python
    refuses to convert over 4,300 digits, and such a value is a mistake anyway)."""
    if len(text) > MAX_DIGITS:
        return None
    if _INT.fullmatch(text):
        return int(text)
    if whole_only or not _FLOAT.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def split(text: str, separators: str) -> list[str]:
    """Split at unescaped separators; the pieces keep their escapes."""
    pieces, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in separators:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    pieces.append("".join(current))
    return pieces


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _UNESCAPE:
            out.append(_UNESCAPE[text[i + 1]])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def escape(text: str, separators: str) -> str:
    """The inverse of ``unescape`` for text that must not contain ``separators``."""
    out = normalise(text).replace("\\", "\\\\").replace("\n", "\\n")
    for sep in separators:
        out = out.replace(sep, "\\" + sep)
    return out


def read_list(cell: str, kind: ValueType) -> list[Any]:
    """A list cell: items separated by ``;`` or line breaks; empty items are skipped."""
    items = [unescape(piece).strip() for piece in split(cell, ";\n")]
    return [convert(item, kind) for item in items if item]


def read_items(cell: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """An items cell as (line number in the cell, [(key, raw value)]); blank lines skipped."""
    out: list[tuple[int, list[tuple[str, str]]]] = []
    for number, line in enumerate(cell.split("\n"), start=1):
        if not line.strip():
            continue
        pairs: list[tuple[str, str]] = []
        for pair in split(line, "|"):
            if not pair.strip():
                continue
            key, colon, value = pair.partition(":")
            if not colon:
                raise LineProblem(number, "csv.pair_without_colon", {"pair": shown(unescape(pair).strip())})
            pairs.append((key.strip(), value))
        out.append((number, pairs))
    return out


def read_item_value(raw: str, kind: ValueType, is_list: bool) -> Any:
    if is_list:
        return [convert(unescape(piece), kind) for piece in split(raw, ";") if unescape(piece).strip()]
    return convert(unescape(raw), kind)


# --- writing ----------------------------------------------------------------------


def write_value(value: Any, kind: ValueType) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = normalise(str(value)).strip()  # import ignores surrounding spaces: do not write them
    if kind.text_or_number and (text.startswith(TEXT_MARK) or _number(text.strip(), False) is not None):
        return TEXT_MARK + text
    return text


def write_list(values: list[Any], kind: ValueType) -> str:
    return "; ".join(escape(write_value(v, kind), ";") for v in values)


def write_item(pairs: list[tuple[str, Any, ValueType, bool]]) -> str:
    """One item line: ``key: value | key: a; b``."""
    parts = []
    for key, value, kind, is_list in pairs:
        if is_list:
            text = "; ".join(escape(write_value(v, kind), "|;") for v in value)
        else:
            text = escape(write_value(value, kind), "|")
        parts.append(f"{key}: {text}")
    return " | ".join(parts)
