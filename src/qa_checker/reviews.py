"""Reviewer decisions on evidence and judgement items, kept beside the proposal.

``<proposal>.review.yaml`` records, per rule that needs review, who decided what and
when, and the SHA-256 of the proposal the decision was made on. A decision applies
only to that exact version: once the proposal changes, the decision is reported as
stale and not applied, so a confirmation can never silently carry over to text the
reviewer has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import StringConstraints

from qa_checker.document import Document
from qa_checker.errors import InputError
from qa_checker.limits import DEFAULT_LIMITS, Limits
from qa_checker.model import Id, IsoDate, Part, Text

KIND = "MicroCredentialReview"
SUFFIX = ".review.yaml"
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class DecisionModel(Part):
    rule: Id
    decision: Literal["confirmed", "rejected"]
    reviewer: Text
    date: IsoDate
    proposal_sha256: Sha256
    comment: Text | None = None


class ReviewModel(Part):
    kind: Literal["MicroCredentialReview"]
    schema_version: Literal[1]
    proposal: Text | None = None
    decisions: list[DecisionModel] = []


@dataclass(frozen=True)
class Decision:
    rule: str
    decision: str
    reviewer: str
    date: str
    proposal_sha256: str
    comment: str | None
    file: str
    line: int
    column: int


def sidecar(proposal: Path) -> Path:
    """``programs/bev.yaml`` → ``programs/bev.review.yaml``."""
    return proposal.with_name(proposal.stem + SUFFIX)


def load(path: Path, limits: Limits = DEFAULT_LIMITS, display: str | None = None) -> list[Decision]:
    """The decisions in ``path`` (none if it does not exist); a malformed file is an
    input error of the proposal it belongs to."""
    if not path.exists():
        return []
    from qa_checker.loader import load_document
    from qa_checker.validate import validate_model

    doc = load_document(path, limits, display=display)
    if not isinstance(doc.data, dict) or doc.data.get("kind") != KIND:
        raise InputError(doc.path, "review.no_header", {"kind": KIND}, 1, 1)
    validate_model(doc, ReviewModel, strict_keys=True)
    return [_decision(doc, index, raw) for index, raw in enumerate(doc.data.get("decisions") or [])]


def _decision(doc: Document, index: int, raw: dict[str, Any]) -> Decision:
    pos = doc.locate(f"/decisions/{index}")
    return Decision(
        rule=raw["rule"],
        decision=raw["decision"],
        reviewer=raw["reviewer"],
        date=raw["date"],
        proposal_sha256=raw["proposal_sha256"],
        comment=raw.get("comment"),
        file=doc.path,
        line=pos.line,
        column=pos.column,
    )


def record(path: Path, proposal_name: str, new: list[dict[str, Any]]) -> None:
    """Add or replace decisions (one per rule), keeping the others, atomically."""
    from qa_checker.atomic import write_text

    current: list[dict[str, Any]] = []
    if path.exists():
        current = [
            {k: v for k, v in vars(d).items() if k not in ("file", "line", "column") and v is not None}
            for d in load(path)
        ]
    by_rule = {d["rule"]: d for d in current}
    for decision in new:
        by_rule[decision["rule"]] = {k: v for k, v in decision.items() if v is not None}
    body = {
        "kind": KIND,
        "schema_version": 1,
        "proposal": proposal_name,
        "decisions": sorted(by_rule.values(), key=lambda d: d["rule"]),
    }
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    write_text(path, text)
