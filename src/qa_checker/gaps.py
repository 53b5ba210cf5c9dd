"""Gaps, not rule hits: group the findings that one change to the proposal would settle.

Several frameworks often ask for the same thing. A proposal that names no employer
partner fails BC-C4.2, ECO-P1.2 and GP-3.1 at once; listed rule by rule that is three
findings, and a board that triages by count ranks a thin proposal above a detailed one.
A gap is what the designer has to fix, reported once with every rule, clause and
framework it blocks.

Each finding carries a ``gap`` key, set by the engine from what the rule reads:
- ``evidence:<types>``: a missing document (evidence rules). Gaps whose accepted types
  overlap are one gap, since one document of a shared type settles them all.
- ``items:<rule>``: one rule failing on several items of a list (every outcome, every
  competency) is one gap that lists the items and their lines.
- ``field:<pointer>``: anything else, by the field it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qa_checker.findings import SEVERITY_RANK, Finding, Status

EVIDENCE = "evidence:"
ITEMS = "items:"
FIELD = "field:"


def key_of(check_spec: Any, rule_id: str, pointer: str) -> str:
    """The gap a failing finding of this rule at ``pointer`` belongs to."""
    if isinstance(check_spec, dict) and check_spec.get("builtin") == "evidence":
        types = (check_spec.get("with") or {}).get("types") or []
        return EVIDENCE + ",".join(sorted(str(t) for t in types))
    if any(token.isdigit() for token in pointer.split("/")):
        return ITEMS + rule_id
    return FIELD + pointer


@dataclass(frozen=True)
class Gap:
    """One thing to fix: its findings (the first is the one shown) and what it blocks."""

    key: str
    findings: tuple[Finding, ...]

    @property
    def lead(self) -> Finding:
        return self.findings[0]

    @property
    def rules(self) -> tuple[Finding, ...]:
        """One finding per rule (a per-item gap has one rule and many items)."""
        seen: dict[str, Finding] = {}
        for finding in self.findings:
            seen.setdefault(finding.rule_id, finding)
        return tuple(seen.values())

    @property
    def items(self) -> tuple[Finding, ...]:
        """For a per-item gap, the failing items in file order; else empty."""
        return self.findings if self.key.startswith(ITEMS) else ()


def _rank(finding: Finding) -> tuple[int, int, int, str]:
    """Most severe first, then earliest in the file, then by rule ID."""
    return (-SEVERITY_RANK[finding.severity], finding.line or 0, finding.column or 0, finding.rule_id)


def _evidence_types(key: str) -> frozenset[str]:
    return frozenset(t for t in key[len(EVIDENCE) :].split(",") if t)


def _merged_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each key → the key of its group: evidence keys whose types overlap are joined."""
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    evidence = sorted(k for k in parent if k.startswith(EVIDENCE))
    for i, first in enumerate(evidence):
        for second in evidence[i + 1 :]:
            if _evidence_types(first) & _evidence_types(second):
                a, b = root(first), root(second)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {key: root(key) for key in parent}


def group(findings: Sequence[Finding], status: Status = Status.FAIL) -> list[Gap]:
    """The gaps among ``findings`` of one status, most blocking first.

    Order: gaps that block more rules first, then by their lead finding's severity and
    position, so the first line a designer reads is the fix that settles the most."""
    chosen = [f for f in findings if f.status is status]
    merged = _merged_keys({f.gap or FIELD + f.pointer for f in chosen})
    buckets: dict[str, list[Finding]] = {}
    for finding in chosen:
        buckets.setdefault(merged[finding.gap or FIELD + finding.pointer], []).append(finding)
    gaps = []
    for key, members in buckets.items():
        if key.startswith(ITEMS):
            members.sort(key=lambda f: (f.line or 0, f.column or 0))
            gaps.append(Gap(key, tuple(members)))
        else:
            gaps.append(Gap(key, tuple(sorted(members, key=_rank))))
    gaps.sort(key=lambda g: (-len(g.rules), _rank(g.lead)[0], g.lead.line or 0, g.lead.column or 0, g.key))
    return gaps
