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
from qa_checker.report.bounded import MAX_ITEMS, first
from qa_checker.report.plain import LIST_CHARS, SHORT_CHARS, soft, text
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
    documents_hidden: int = 0  # cited documents beyond ``bounded.MAX_ITEMS``
    history_hidden: int = 0  # earlier decisions beyond the last ``bounded.MAX_ITEMS``


@dataclass(frozen=True)
class ChecklistItem:
    rule_id: str
    question: str
    fields: tuple[str, ...]
    line: int
    review: ReviewNote | None
    history: tuple[ReviewNote, ...] = ()
    fields_hidden: int = 0  # fields beyond ``bounded.MAX_ITEMS``
    history_hidden: int = 0  # earlier decisions beyond the last ``bounded.MAX_ITEMS``


def evidence_doc(item: dict[str, Any]) -> EvidenceDoc:
    return EvidenceDoc(
        id=text(item.get("id"), SHORT_CHARS),
        title=text(item.get("title"), SHORT_CHARS),
        type=text(item.get("type"), SHORT_CHARS),
        issuer=text(item.get("issuer"), SHORT_CHARS),
        date=text(item.get("date"), SHORT_CHARS),
        ref=text(item.get("path"), SHORT_CHARS) or text(item.get("url"), SHORT_CHARS),
    )


def _is_evidence_item(pointer: str) -> bool:
    parts = split(pointer)
    return len(parts) == 2 and parts[0] == "evidence" and parts[1].isdigit()


def cited_documents(finding: Finding, data: Any) -> tuple[tuple[EvidenceDoc, ...], int]:
    """The evidence items the rule found (``related`` pointers into ``/evidence``): the
    first ``MAX_ITEMS``, and how many more there are."""
    docs: list[EvidenceDoc] = []
    hidden = 0
    for pointer in finding.related:
        matches = select(data, pointer) if _is_evidence_item(pointer) else []
        for _, item in matches:
            if not isinstance(item, dict):
                continue
            if len(docs) < MAX_ITEMS:
                docs.append(evidence_doc(item))
            else:
                hidden += 1
    return tuple(docs), hidden


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


def _history(finding: Finding) -> tuple[tuple[ReviewNote, ...], int]:
    """Shown only when there is more to say than the applied decision itself: the last
    ``MAX_ITEMS`` decisions (an append-only file can hold any number), and how many
    earlier ones are left out."""
    if len(finding.history) == 1 and finding.history[0].state == "applied":
        return (), 0
    earlier = max(len(finding.history) - MAX_ITEMS, 0)
    notes = tuple(note for note in map(review_note, finding.history[earlier:]) if note is not None)
    return notes, earlier


def evidence_rows(findings: Sequence[Finding], data: Any) -> tuple[EvidenceRow, ...]:
    rows = []
    for f in _for_reviewer(findings, "evidence"):
        docs, hidden = cited_documents(f, data)
        history, earlier = _history(f)
        question = soft(_question(f), LIST_CHARS)
        rows.append(EvidenceRow(f.rule_id, question, docs, f.line, review_note(f.review), history, hidden, earlier))
    return tuple(rows)


def checklist(findings: Sequence[Finding]) -> tuple[ChecklistItem, ...]:
    items = []
    for f in _for_reviewer(findings, "judgement"):
        paths = list(dict.fromkeys(f.related or [f.pointer]))
        shown, hidden = first(paths)
        fields = tuple(dict.fromkeys(soft(human_path(p), SHORT_CHARS) for p in shown))
        history, earlier = _history(f)
        question = soft(_question(f), LIST_CHARS)
        items.append(
            ChecklistItem(f.rule_id, question, fields, f.line, review_note(f.review), history, hidden, earlier)
        )
    return tuple(items)
