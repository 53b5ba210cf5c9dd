"""Readiness: how far a proposal is from each framework, counted in clauses, not findings.

A board that triages by the number of findings orders submissions wrongly: a listing
that states fifteen outcomes draws more per-item findings than one that states none.
Counting clauses instead, each once, gives a measure that more information never makes
worse: a clause is *blocking* while any must-level rule under it fails, *to review*
while a reviewer still has to confirm something under it, *to improve* while only
should- or may-level rules under it fail, and *met* otherwise. Clauses whose rules all
do not apply are left out of ``applicable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_checker.findings import FileResult, Finding, Severity, Status, Verdict
from qa_checker.messages import msg, plural

# A clause takes the worst state of the rules under it, in this order.
BLOCKING, REVIEW, IMPROVE, MET, NOT_APPLICABLE = "blocking", "review", "improve", "met", "not_applicable"
_ORDER = (BLOCKING, REVIEW, IMPROVE, MET, NOT_APPLICABLE)

# Frameworks a proposal does not claim, or that do not apply to it, have no readiness.
_SKIPPED = {Verdict.NOT_CLAIMED, Verdict.NOT_APPLICABLE}


@dataclass(frozen=True)
class Readiness:
    """Clause counts for one framework; ``applicable`` is the sum of the other four."""

    framework: str
    met: int
    review: int
    improve: int
    blocking: int

    @property
    def applicable(self) -> int:
        return self.met + self.review + self.improve + self.blocking

    @property
    def percent_met(self) -> int:
        """Whole percent of applicable clauses met (100 when nothing applies)."""
        return 100 if not self.applicable else (100 * self.met) // self.applicable


def _state(finding: Finding, advisory: bool = False) -> str:
    if finding.status is Status.FAIL:
        # Advice never blocks, whatever level a rule of an advisory set is written at.
        return BLOCKING if finding.severity is Severity.ERROR and not advisory else IMPROVE
    if finding.status is Status.NEEDS_REVIEW:
        return REVIEW
    if finding.status in (Status.PASS, Status.WAIVED):
        return MET
    return NOT_APPLICABLE


def clause_states(findings: list[Finding], framework: str, advisory: bool = False) -> dict[str, str]:
    """Each clause of ``framework`` (or the rule ID, for a rule that cites none) → its state."""
    states: dict[str, str] = {}
    for finding in findings:
        if finding.framework != framework:
            continue
        clause = finding.clause or finding.rule_id
        state = _state(finding, advisory)
        current = states.get(clause, NOT_APPLICABLE)
        states[clause] = min(state, current, key=_ORDER.index)
    return states


def of_result(result: FileResult) -> list[Readiness]:
    """Readiness for every framework the proposal is checked against, in verdict order."""
    out = []
    for verdict in result.verdicts:
        if verdict.verdict in _SKIPPED:
            continue
        advisory = verdict.verdict is Verdict.ADVISORY
        states = list(clause_states(result.findings, verdict.framework, advisory).values())
        out.append(
            Readiness(
                framework=verdict.framework,
                met=states.count(MET),
                review=states.count(REVIEW),
                improve=states.count(IMPROVE),
                blocking=states.count(BLOCKING),
            )
        )
    return out


def sort_key(result: FileResult) -> tuple[int, int, int, str]:
    """Order for a batch: fewest blocking clauses first, then fewest to review, then most met."""
    readiness = of_result(result)
    return (
        sum(r.blocking for r in readiness),
        sum(r.review for r in readiness),
        -sum(r.met for r in readiness),
        result.file,
    )


def words(ready: Readiness) -> str:
    """``12 of 15 clauses met, 2 to review, 1 blocking``: only the parts that are not zero."""
    parts = [plural("text.readiness", ready.applicable, met=ready.met)]
    for key, count in (("review", ready.review), ("improve", ready.improve), ("blocking", ready.blocking)):
        if count:
            parts.append(msg(f"text.readiness_{key}", count=count))
    return ", ".join(parts)
