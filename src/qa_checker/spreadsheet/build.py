"""One CSV row → one proposal (a plain dict, header first, fields in model order).

Problems are collected, not raised, so one row reports every bad cell at once; each
names its column and, in an items column, the line of the cell and the key. Type
errors pydantic finds after the cells were read are mapped back to the same places.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from qa_checker.model import KIND, SCHEMA_VERSION, Proposal
from qa_checker.spreadsheet.columns import FILE_COLUMN, Column, by_name, by_path, columns
from qa_checker.spreadsheet.parse import CellProblem, LineProblem, normalise, read_item_value, read_items, read_list
from qa_checker.spreadsheet.parse import convert as convert_cell


@dataclass(frozen=True)
class Problem:
    """A problem in one cell: ``line`` and ``key`` narrow it down in an items cell."""

    column: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    key: str | None = None


@dataclass
class Built:
    data: dict[str, Any]
    problems: list[Problem]
    # column → the cell line each item came from, to place model errors on items
    item_lines: dict[str, list[int]] = field(default_factory=dict)


def build_row(cells: dict[str, str]) -> Built:
    """``cells`` maps column names to cell text; unknown names must be removed first."""
    built = Built({"kind": KIND, "schema_version": SCHEMA_VERSION}, [])
    for column in columns():
        raw = cells.get(column.name)
        if column.name == FILE_COLUMN or raw is None or not raw.strip():
            continue
        value = _read(column, normalise(raw), built)
        if value is not None and value != []:
            _put(built.data, column.path, value)
    # what pydantic finds besides the cells already reported (a dropped cell must not
    # be reported a second time, e.g. as a missing required key)
    bad = {p.column for p in built.problems}
    built.problems.extend(p for p in model_problems(built) if p.column not in bad)
    return built


def _read(column: Column, raw: str, built: Built) -> Any:
    try:
        if column.shape == "items":
            return _read_items(column, raw, built)
        assert column.value is not None
        if column.shape == "list":
            return read_list(raw, column.value)
        value = convert_cell(raw, column.value)
        return value if value != "" else None
    except CellProblem as problem:
        built.problems.append(Problem(column.name, problem.key, problem.params))
    except LineProblem as problem:
        built.problems.append(Problem(column.name, problem.key, problem.params, problem.line))
    return None


def _read_items(column: Column, raw: str, built: Built) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    lines: list[int] = []
    for line, pairs in read_items(raw):
        item: dict[str, Any] = {}
        for name, value in pairs:
            spec = column.key(name)
            if spec is None:
                built.problems.append(_unknown_key(column, name, line))
                continue
            if name in item:
                built.problems.append(Problem(column.name, "csv.duplicate_key", {"key": name}, line, name))
                continue
            try:
                parsed = read_item_value(value, spec.value, spec.is_list)
            except CellProblem as problem:
                built.problems.append(Problem(column.name, problem.key, problem.params, line, name))
                continue
            if parsed != "" and parsed != []:
                item[name] = parsed
        if item:
            # keys in model order, whatever order the cell has them in
            items.append({k.name: item[k.name] for k in column.keys if k.name in item})
            lines.append(line)
    built.item_lines[column.name] = lines
    return items


def _unknown_key(column: Column, name: str, line: int) -> Problem:
    known = [k.name for k in column.keys]
    match = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    params = {"key": name, "known": ", ".join(known)}
    if match:
        return Problem(column.name, "csv.unknown_key_suggest", {**params, "suggestion": match[0]}, line)
    return Problem(column.name, "csv.unknown_key", params, line)


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def model_problems(built: Built) -> list[Problem]:
    """pydantic's verdict on the whole proposal, each error placed on its column."""
    try:
        Proposal.model_validate(built.data)
    except ValidationError as exc:
        out: list[Problem] = []
        seen: set[tuple[Any, ...]] = set()
        for error in exc.errors(include_url=False):
            problem = _place(error, built)
            marker = (problem.column, problem.line, problem.key)
            if marker not in seen:
                seen.add(marker)
                out.append(problem)
        return out
    return []


def _place(error: Any, built: Built) -> Problem:
    loc = tuple(error["loc"])
    column: Column | None = None
    rest: tuple[Any, ...] = ()
    for end in range(len(loc), 0, -1):
        path = tuple(str(p) for p in loc[:end])
        if all(isinstance(p, str) for p in loc[:end]) and path in by_path():
            column, rest = by_path()[path], loc[end:]
            break
    if column is None:  # a header or other whole-proposal problem
        column, rest = by_name()["title"], ()
    line = key = None
    if column.shape == "items" and rest and isinstance(rest[0], int):
        lines = built.item_lines.get(column.name, [])
        line = lines[rest[0]] if rest[0] < len(lines) else rest[0] + 1
        if len(rest) > 1 and isinstance(rest[1], str) and column.key(rest[1]) is not None:
            key = rest[1]
    kind = error["type"]
    ctx = error.get("ctx") or {}
    params = {
        "field": key or column.name,
        "value": _show(error.get("input")),
        "expected": str(ctx.get("expected", "")).replace("'", ""),
        **{k: v if isinstance(v, str) else _show(v) for k, v in ctx.items() if k != "expected"},
    }
    from qa_checker.messages import catalogue

    message = f"model.{kind}"
    if message not in catalogue():
        message, params["detail"] = "model.other", error.get("msg", kind)
    return Problem(column.name, message, params, line, key)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
