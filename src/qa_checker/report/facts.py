"""The proposal's key facts and its outcome × competency × assessment coverage.

Read straight from the proposal data (never from findings), so the appendix shows
what the submission says even where no rule looks at it. Everything here is
untrusted text: it is returned as plain strings and escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qa_checker.messages import msg
from qa_checker.report.bounded import MAX_ITEMS, first
from qa_checker.report.plain import LIST_CHARS, SHORT_CHARS, text

# Enough for any real proposal; a pathological file cannot grow the grid without bound.
MAX_ROWS = 60
MAX_COLUMNS = 24


@dataclass(frozen=True)
class Fact:
    key: str
    value: str


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    summative: bool


@dataclass(frozen=True)
class CoverageRow:
    id: str
    kind: str  # "outcome" | "competency"
    label: str
    links: tuple[str, ...]
    marks: tuple[str, ...]  # per shown column: "summative", "formative" or ""
    covered: bool  # by any assessment, shown or not


@dataclass(frozen=True)
class Coverage:
    columns: tuple[Column, ...]
    rows: tuple[CoverageRow, ...]
    truncated: bool
    uncovered: tuple[str, ...]  # rows no assessment measures, shown in the grid or not (first MAX_ITEMS)
    uncovered_hidden: int = 0  # how many more are not listed


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _join(parts: list[str], sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def _names(data: dict[str, Any], field: str, key: str = "name") -> str:
    """The first ``MAX_ITEMS`` names, then "and N more"."""
    names = [name for name in (text(_dict(item).get(key), SHORT_CHARS) for item in _list(data.get(field))) if name]
    shown, hidden = first(names)
    more = [msg("report.and_more", count=hidden)] if hidden else []
    return _join([*shown, *more], "; ")


def _credits(data: dict[str, Any]) -> str:
    credits = _dict(data.get("credits"))
    system = text(credits.get("system"))
    return _join([text(credits.get("value")), f"({system})" if system else ""])


def _cost(data: dict[str, Any]) -> str:
    cost = _dict(data.get("cost"))
    return _join([text(cost.get("tuition")), text(cost.get("currency"))])


def _scalars(data: dict[str, Any], field: str, old: str) -> str:
    """A format 2 list of words (``languages``, ``delivery_modes``), or the format 1
    single value (``language``, ``delivery_mode``) a file loaded as it is may still hold."""
    values = [text(v, SHORT_CHARS) for v in _list(data.get(field))] or [text(data.get(old), SHORT_CHARS)]
    shown, hidden = first([v for v in values if v])
    return _join([*shown, *([msg("report.and_more", count=hidden)] if hidden else [])], ", ")


def _funders(data: dict[str, Any]) -> str:
    """Each funder's name with its program: who pays decides some rules (OSAP)."""
    entries = []
    for item in _list(data.get("funders")):
        funder = _dict(item)
        name, program = text(funder.get("name"), SHORT_CHARS), text(funder.get("program"), SHORT_CHARS)
        entry = f"{name} ({program})" if name and program else name or program
        if entry:
            entries.append(entry)
    shown, hidden = first(entries)
    return _join([*shown, *([msg("report.and_more", count=hidden)] if hidden else [])], "; ")


def _level(data: dict[str, Any]) -> str:
    level = _dict(data.get("level"))
    return _join([text(level.get("framework")), text(level.get("value"))])


# Order is the order of the appendix table; labels are ``report.fact.<key>`` messages.
FACTS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("provider", lambda d: text(_dict(d.get("provider")).get("name"))),
    ("code", lambda d: text(d.get("code"))),
    ("credential_class", lambda d: text(d.get("credential_class"))),
    ("instructional_hours", lambda d: text(d.get("instructional_hours"))),
    ("self_study_hours", lambda d: text(d.get("self_study_hours"))),
    ("work_integrated_hours", lambda d: text(d.get("work_integrated_hours"))),
    ("notional_hours", lambda d: text(d.get("notional_hours"))),
    ("training_weeks", lambda d: text(d.get("training_weeks")) or text(d.get("duration_weeks"))),
    ("placement_weeks", lambda d: text(d.get("placement_weeks"))),
    ("credits", _credits),
    ("credit_status", lambda d: text(d.get("credit_status"))),
    ("level", _level),
    ("delivery_modes", lambda d: _scalars(d, "delivery_modes", "delivery_mode")),
    ("cost", _cost),
    ("languages", lambda d: _scalars(d, "languages", "language")),
    ("record_type", lambda d: text(d.get("record_type"))),
    ("employer_partners", lambda d: _names(d, "employer_partners")),
    ("community_partners", lambda d: _names(d, "community_partners")),
    ("partner_institutions", lambda d: _names(d, "partner_institutions")),
    ("funders", _funders),
)


def key_facts(data: Any) -> tuple[Fact, ...]:
    """Every key fact, empty where the proposal does not state it (the template says so)."""
    source = _dict(data)
    return tuple(Fact(key, read(source)) for key, read in FACTS)


def _columns(data: dict[str, Any]) -> list[tuple[Column, set[str]]]:
    out = []
    for item in _list(data.get("assessments")):
        item = _dict(item)
        maps_to = {m for m in _list(item.get("maps_to")) if isinstance(m, str)}
        column = Column(
            text(item.get("id"), SHORT_CHARS), text(item.get("title"), SHORT_CHARS), item.get("summative") is True
        )
        out.append((column, maps_to))
    return out


def _id(value: Any) -> str:
    """An identifier as written, for matching (display goes through ``text``)."""
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def _links(data: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Outcome → competencies and competency → outcomes, from ``outcome_competency_map``."""
    to_competencies: dict[str, list[str]] = {}
    to_outcomes: dict[str, list[str]] = {}
    for entry in _list(data.get("outcome_competency_map")):
        entry = _dict(entry)
        outcome = _id(entry.get("outcome_id"))
        for competency in _list(entry.get("competency_ids")):
            if outcome and isinstance(competency, str):
                to_competencies.setdefault(outcome, []).append(competency)
                to_outcomes.setdefault(competency, []).append(outcome)
    return to_competencies, to_outcomes


def _shown_ids(ids: list[str]) -> tuple[str, ...]:
    """The first ``MAX_ITEMS`` identifiers for display, then "and N more"."""
    shown, hidden = first(ids)
    more = (msg("report.and_more", count=hidden),) if hidden else ()
    return tuple(text(i, SHORT_CHARS) for i in shown) + more


def _row(
    item: Any, kind: str, label_key: str, links: dict[str, list[str]], columns: list[tuple[Column, set[str]]]
) -> CoverageRow:
    item = _dict(item)
    row_id = _id(item.get("id"))
    marks = tuple(
        ("summative" if col.summative else "formative") if row_id and row_id in maps else "" for col, maps in columns
    )
    covered = any(row_id in maps for _, maps in columns) if row_id else False
    label = text(item.get(label_key), LIST_CHARS)
    shown_id = text(row_id, SHORT_CHARS)
    return CoverageRow(shown_id, kind, label, _shown_ids(links.get(row_id, [])), marks[:MAX_COLUMNS], covered)


def coverage(data: Any) -> Coverage:
    """Which assessment measures which outcome and competency (summative or not)."""
    source = _dict(data)
    columns = _columns(source)
    to_competencies, to_outcomes = _links(source)
    rows = [_row(o, "outcome", "statement", to_competencies, columns) for o in _list(source.get("learning_outcomes"))]
    rows += [_row(c, "competency", "label", to_outcomes, columns) for c in _list(source.get("competencies"))]
    truncated = len(rows) > MAX_ROWS or len(columns) > MAX_COLUMNS
    shown = tuple(col for col, _ in columns[:MAX_COLUMNS])
    uncovered, uncovered_hidden = first([row.id or "?" for row in rows if not row.covered], MAX_ITEMS)
    return Coverage(shown, tuple(rows[:MAX_ROWS]), truncated, uncovered, uncovered_hidden)
