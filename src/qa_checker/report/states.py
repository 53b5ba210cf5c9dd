"""Display states: one word per finding, and per clause the worst of its findings.

A board reads a matrix of clauses, not a list of rule runs, so every finding is folded
into one of a few states, ranked by how urgently a person must look at it. The same
vocabulary drives the symbols, the patterns in the charts and the legend.
"""

from __future__ import annotations

from collections.abc import Iterable

from qa_checker.findings import Finding, Severity, Status

# Worst first. "none" means no rule of the selected rule set tests the clause.
STATES: tuple[str, ...] = ("fail", "warning", "info", "review", "waived", "pass", "na", "none")

_FAILED = {Severity.ERROR: "fail", Severity.WARNING: "warning", Severity.INFO: "info"}
_OTHER = {
    Status.NEEDS_REVIEW: "review",
    Status.WAIVED: "waived",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "na",
}


def finding_state(finding: Finding) -> str:
    """A failure is as serious as its requirement (must/should/may); the rest by status."""
    if finding.status is Status.FAIL:
        return _FAILED[finding.severity]
    return _OTHER[finding.status]


def worst(states: Iterable[str]) -> str:
    """The state a clause shows: its most urgent finding's, or ``none`` without findings."""
    return min(states, key=STATES.index, default="none")


def rank(state: str) -> int:
    return STATES.index(state)
