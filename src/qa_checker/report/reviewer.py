"""What the tool cannot decide: documents to confirm and questions to judge.

``evidence`` and ``judgement`` rules never pass on their own (design notes, Findings):
with their material present they wait for a person. The report turns them into a
table with empty decision and initials columns and a checklist, so the board's
reviewer can work on paper and file the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa_checker.document import split
from qa_checker.findings import Finding, ReviewNote, Status
from qa_checker.pointer import human_path, select
from qa_checker.report.plain import soft, text
from qa_checker.report.sections import review_note


@dataclass(frozen=True)
class EvidenceDoc:
    id: str
    title: str
    type: str
    issuer: str
    date: str
    ref: str


@dataclass(frozen=True)
class EvidenceRow:
    rule_id: str
    question: str
    documents: tuple[EvidenceDoc, ...]
    line: int
    review: ReviewNote | None  # the applied decision, or a stale rejection to re-review
    history: tuple[ReviewNote, ...] = ()  # every decision recorded on the item, oldest first


@dataclass(frozen=True)
class ChecklistItem:
    rule_id: str
    question: str
    fields: tuple[str, ...]
    line: int
    review: ReviewNote | None
    history: tuple[ReviewNote, ...] = ()


def evidence_doc(item: dict[str, Any]) -> EvidenceDoc:
    return EvidenceDoc(
        id=text(item.get("id")),
        title=text(item.get("title")),
        type=text(item.get("type")),
        issuer=text(item.get("issuer")),
        date=text(item.get("date")),
        ref=text(item.get("path")) or text(item.get("url")),
    )


def _is_evidence_item(pointer: str) -> bool:
    parts = split(pointer)
    return len(parts) == 2 and parts[0] == "evidence" and parts[1].isdigit()


def cited_documents(finding: Finding, data: Any) -> tuple[EvidenceDoc, ...]:
    """The evidence items the rule found (``related`` pointers into ``/evidence``)."""
    docs: list[EvidenceDoc] = []
    for pointer in finding.related:
        matches = select(data, pointer) if _is_evidence_item(pointer) else []
        docs.extend(evidence_doc(item) for _, item in matches if isinstance(item, dict))
    return tuple(docs)


def _for_reviewer(findings: Sequence[Finding], kind: str) -> list[Finding]:
    """Items still awaiting a person, and those a reviewer already decided (shown filled in)."""
    return [f for f in findings if f.kind == kind and (f.status is Status.NEEDS_REVIEW or f.review is not None)]


def _question(finding: Finding) -> str:
    """The reviewer's question; a rejection replaces the message with the outcome, so
    the rule's title stands in for it there."""
    rejected = (
        finding.review is not None and finding.review.state == "applied" and finding.review.decision == "rejected"
    )
    return finding.title if rejected else finding.message


def _history(finding: Finding) -> tuple[ReviewNote, ...]:
    """Shown only when there is more to say than the applied decision itself."""
    if len(finding.history) == 1 and finding.history[0].state == "applied":
        return ()
    return tuple(note for note in map(review_note, finding.history) if note is not None)


def evidence_rows(findings: Sequence[Finding], data: Any) -> tuple[EvidenceRow, ...]:
    return tuple(
        EvidenceRow(f.rule_id, soft(_question(f)), cited_documents(f, data), f.line, review_note(f.review), _history(f))
        for f in _for_reviewer(findings, "evidence")
    )


def checklist(findings: Sequence[Finding]) -> tuple[ChecklistItem, ...]:
    items = []
    for f in _for_reviewer(findings, "judgement"):
        fields = tuple(dict.fromkeys(soft(human_path(p)) for p in (f.related or [f.pointer])))
        items.append(ChecklistItem(f.rule_id, soft(_question(f)), fields, f.line, review_note(f.review), _history(f)))
    return tuple(items)
