"""Plain advice for the YAML syntax errors people actually make.

PyYAML's messages describe the parser's state ("mapping values are not allowed in this
context", "did not find expected key"), not the mistake, and for an indentation slip
they point at the line *after* the one that is wrong. Each common mistake (an unquoted
colon in a value, a line indented differently from its siblings, a tab, a quote or
bracket never closed) is recognised from PyYAML's problem, its marks and the text,
and turned into a message key, its parameters and the line that needs the change.
Anything else keeps PyYAML's own words (``loader.syntax``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

CLOSERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}


@dataclass(frozen=True)
class Advice:
    key: str
    params: dict[str, Any]
    line: int | None
    column: int | None


def advise(text: str, problem: str, context: str, problem_mark: Any, context_mark: Any) -> Advice:
    """What to tell the user about PyYAML's error (marks are 0-based, as PyYAML's)."""
    lines = text.splitlines()
    plain = Advice("loader.syntax", {"problem": problem}, *_where(problem_mark or context_mark))
    if problem_mark is None:
        return plain
    row, col = problem_mark.line, problem_mark.column
    here = lines[row] if row < len(lines) else ""
    if "cannot start any token" in problem and "\t" in here[: max(col, 0) + 1]:
        return Advice("loader.syntax_tab", {}, row + 1, here.index("\t") + 1)
    if "quoted scalar" in context and context_mark is not None:
        quote = _at(lines, context_mark)
        return Advice("loader.syntax_quote", {"quote": quote or '"'}, *_where(context_mark))
    for name, (opener, closer) in CLOSERS.items():
        if name in context and context_mark is not None and f"'{closer}'" in problem:
            return Advice("loader.syntax_bracket", {"open": opener, "close": closer}, *_where(context_mark))
    if "mapping values are not allowed" in problem:
        first = here.find(":")
        if 0 <= first < col and here[first + 1 : first + 2] in (" ", ""):
            key = here[:first].strip().lstrip("- ").strip()
            return Advice("loader.syntax_colon", {"key": key}, row + 1, col + 1)
        return Advice("loader.syntax_indent_more", {}, row + 1, _indent(here) + 1)
    if "expected key" in problem or "'-' indicator" in problem or "<block end>" in problem:
        return _indentation(lines, row) or plain
    return plain


def _where(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _at(lines: list[str], mark: Any) -> str:
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(lines: list[str], upto: int) -> list[int]:
    """Rows before ``upto`` that hold YAML (not blank, not only a comment)."""
    return [i for i in range(min(upto, len(lines))) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _indentation(lines: list[str], row: int) -> Advice | None:
    """A line whose indentation matches none of the open blocks. PyYAML reports the
    line after a wrongly indented run; when that run's step from its parent is not the
    file's usual step and the reported line's is, the run is what has to change."""
    if row >= len(lines):
        return None
    rows = _content(lines, row)
    if not rows:
        return None
    found = _indent(lines[row])
    prev = rows[-1]
    run_indent = _indent(lines[prev])
    if run_indent <= found:
        return Advice("loader.syntax_indent", {"column": found + 1}, row + 1, found + 1)
    start = prev
    for i in reversed(rows[:-1]):
        if _indent(lines[i]) < run_indent:
            parent = _indent(lines[i])
            break
        start = i
    else:
        parent = 0
    step = _usual_step(lines, rows)
    if run_indent - parent != step and found - parent == step:
        params = {"column": run_indent + 1, "other": row + 1, "other_column": found + 1}
        return Advice("loader.syntax_indent_run", params, start + 1, run_indent + 1)
    return Advice("loader.syntax_indent", {"column": found + 1}, row + 1, found + 1)


def _usual_step(lines: list[str], rows: list[int]) -> int:
    steps: Counter[int] = Counter()
    for a, b in zip(rows, rows[1:], strict=False):
        delta = _indent(lines[b]) - _indent(lines[a])
        if delta > 0:
            steps[delta] += 1
    return steps.most_common(1)[0][0] if steps else 2
