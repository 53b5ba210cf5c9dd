"""What a board acts on, in the order it acts: readiness, what to fix, what to confirm.

A report that lists every rule run buries the decision: the passing example ran to 18
pages, and what a board acts on sat on pages 13 to 16. This module turns the findings
into the three short lists that lead the report:

- readiness per framework, counted in clauses (``readiness.py``), so more stated
  information never makes a proposal look worse;
- the gaps to fix (``gaps.py``), each once with every rule, clause and framework it
  blocks, ordered by how many clauses it blocks;
- the documents to confirm, each once with the clauses it supports.

Nothing here formats HTML; lists are bounded like every other list in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa_checker import gaps, readiness
from qa_checker.findings import FileResult, Finding, Status
from qa_checker.messages import msg
from qa_checker.pointer import human_path
from qa_checker.report.bounded import first
from qa_checker.report.plain import LIST_CHARS, SHORT_CHARS, soft
from qa_checker.report.reviewer import EvidenceDoc, evidence_doc
from qa_checker.report.sections import FindingView, FrameworkView
from qa_checker.report.states import finding_state, rank, worst
from qa_checker.verdicts import verdict_words


@dataclass(frozen=True)
class ReadinessRow:
    """One framework on page 1: its verdict and, when it is assessed, its clause counts."""

    title: str
    issuer: str
    version: str
    draft: bool
    verdict: str
    verdict_words: str
    assessed: bool  # False for a framework not claimed or not applicable: one line
    met: int = 0
    review: int = 0
    improve: int = 0
    blocking: int = 0
    applicable: int = 0


@dataclass(frozen=True)
class Blocked:
    """One framework's rules a gap blocks, with the clauses they cite."""

    framework: str
    state: str  # the most serious among them
    rules: tuple[str, ...]
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    label: str
    line: int


@dataclass(frozen=True)
class Fix:
    """One gap: what is wrong, the one change that settles it, and everything it blocks."""

    state: str
    message: str
    fix: str | None
    line: int
    field: str
    clauses: int  # how many distinct clauses it blocks (the order of the list)
    blocked: tuple[Blocked, ...]
    items: tuple[Item, ...] = ()  # a per-item gap: the failing items, in file order
    items_total: int = 0
    items_hidden: int = 0


@dataclass(frozen=True)
class Document:
    """One evidence document awaiting a person, and the rules it supports (a rule ID
    names its clause: ``CICAN-P3.3`` is under ``CICAN-P3``)."""

    doc: EvidenceDoc
    rules: tuple[str, ...]


def readiness_rows(result: FileResult, views: Sequence[FrameworkView]) -> tuple[ReadinessRow, ...]:
    counted = {r.framework: r for r in readiness.of_result(result)}
    by_id = {v.ruleset_id: v for v in views}
    rows = []
    for verdict in result.verdicts:
        view = by_id.get(verdict.framework)
        if view is None:
            continue
        count = counted.get(verdict.framework)
        rows.append(
            ReadinessRow(
                title=view.short_title,
                issuer=view.issuer,
                version=view.version,
                draft=view.draft,
                verdict=verdict.verdict.value,
                verdict_words=verdict_words(verdict),
                assessed=count is not None,
                met=count.met if count else 0,
                review=count.review if count else 0,
                improve=count.improve if count else 0,
                blocking=count.blocking if count else 0,
                applicable=count.applicable if count else 0,
            )
        )
    return tuple(rows)


def _blocked(findings: Sequence[Finding], titles: dict[str, str]) -> tuple[Blocked, ...]:
    """The gap's rules grouped by framework, in the order the proposal was checked."""
    order = list(titles)
    by_framework: dict[str, list[Finding]] = {}
    for finding in findings:
        by_framework.setdefault(finding.framework, []).append(finding)
    out = []
    for framework in sorted(by_framework, key=lambda f: (order.index(f) if f in order else len(order), f)):
        members = by_framework[framework]
        out.append(
            Blocked(
                framework=titles.get(framework) or msg("report.fix.the_file"),
                state=worst(finding_state(f) for f in members),
                rules=tuple(dict.fromkeys(f.rule_id for f in members)),
                clauses=tuple(dict.fromkeys(f.clause for f in members if f.clause)),
            )
        )
    return tuple(out)


def _item_label(finding: Finding) -> str:
    return soft(human_path(finding.pointer), SHORT_CHARS)


def fixes(result: FileResult, titles: dict[str, str]) -> tuple[Fix, ...]:
    """Every failing gap once, most clauses blocked first (``gaps.group`` breaks ties:
    more rules, then severity, then position in the file)."""
    out = []
    for gap in gaps.group(result.findings, Status.FAIL):
        lead = gap.lead
        items, hidden = first(gap.items)
        out.append(
            Fix(
                state=worst(finding_state(f) for f in gap.findings),
                message=soft(lead.message, LIST_CHARS),
                fix=soft(lead.fix, LIST_CHARS) if lead.fix else None,
                line=lead.line,
                field=soft(human_path(lead.pointer), SHORT_CHARS),
                clauses=len({(f.framework, f.clause or f.rule_id) for f in gap.findings}),
                blocked=_blocked(gap.rules, titles),
                items=tuple(Item(_item_label(f), f.line) for f in items),
                items_total=len(gap.items),
                items_hidden=hidden,
            )
        )
    out.sort(key=lambda f: (-f.clauses, rank(f.state)))  # stable: keeps gaps.group's order
    return tuple(out)


def _awaiting(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "evidence" and (f.status is Status.NEEDS_REVIEW or f.review is not None)]


def documents(findings: Sequence[Finding], data: Any) -> tuple[tuple[Document, ...], int]:
    """Each document an evidence rule cites, once, in file order, with every rule and
    clause it supports; and how many documents are left out (``bounded.MAX_ITEMS``)."""
    cited: dict[int, list[Finding]] = {}
    items = data.get("evidence") if isinstance(data, dict) else None
    items = items if isinstance(items, list) else []
    for finding in _awaiting(findings):
        for pointer in dict.fromkeys(finding.related):
            parts = pointer.split("/")
            if len(parts) == 3 and parts[1] == "evidence" and parts[2].isdigit():
                index = int(parts[2])
                if index < len(items) and isinstance(items[index], dict):
                    cited.setdefault(index, []).append(finding)
    shown, hidden = first(sorted(cited))
    out = []
    for index in shown:
        supporting = cited[index]  # at most one finding per evidence rule: a short list
        out.append(
            Document(
                doc=evidence_doc(items[index]),
                rules=tuple(dict.fromkeys(f.rule_id for f in supporting)),
            )
        )
    return tuple(out), hidden


# Clause states a compact matrix lists row by row; the rest collapse into one line each.
LISTED = ("fail", "warning", "info", "review", "waived")


@dataclass(frozen=True)
class RuleLine:
    rule_id: str
    state: str


@dataclass(frozen=True)
class ClauseLine:
    id: str
    heading: str
    state: str
    verified: bool
    rules: tuple[RuleLine, ...]


@dataclass(frozen=True)
class CompactFramework:
    """One framework in the compact matrix: the clauses a board must look at, one row
    each, and the passing, not applicable and untested ones as one line of IDs."""

    view: FrameworkView
    assessed: bool
    listed: tuple[ClauseLine, ...]
    passing: tuple[str, ...]
    not_applicable: tuple[str, ...]
    untested: tuple[str, ...]


def _rule_lines(findings: Sequence[FindingView]) -> tuple[RuleLine, ...]:
    """Each rule once, at its most serious state; passing and not-applicable rules of a
    listed clause are left out (the clause's row is about what is not settled)."""
    by_rule: dict[str, list[FindingView]] = {}
    for finding in findings:
        if finding.state in LISTED:
            by_rule.setdefault(finding.rule_id, []).append(finding)
    lines = [RuleLine(rule, worst(f.state for f in group)) for rule, group in by_rule.items()]
    return tuple(sorted(lines, key=lambda r: (rank(r.state), r.rule_id)))


def compact(views: Sequence[FrameworkView], skipped: frozenset[str]) -> tuple[CompactFramework, ...]:
    """The compact matrix; ``skipped`` holds the rule sets not claimed or not applicable."""
    out = []
    for view in views:
        listed = tuple(
            ClauseLine(c.id, c.heading, c.state, c.verified, _rule_lines(c.findings))
            for c in view.clauses
            if c.state in LISTED
        )
        out.append(
            CompactFramework(
                view=view,
                assessed=view.ruleset_id not in skipped,
                listed=listed,
                passing=tuple(c.id for c in view.clauses if c.state == "pass"),
                not_applicable=tuple(c.id for c in view.clauses if c.state == "na"),
                untested=tuple(c.id for c in view.clauses if c.state == "none"),
            )
        )
    return tuple(out)
