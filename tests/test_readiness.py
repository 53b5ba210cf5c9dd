"""Readiness counts clauses, each once, in its worst state; advice never blocks."""

from __future__ import annotations

from qa_checker import readiness
from qa_checker.findings import FileResult, Finding, FrameworkVerdict, Severity, Status, Verdict


def finding(rule: str, clause: str, status: Status, severity: Severity = Severity.ERROR, fw: str = "cican") -> Finding:
    return Finding(rule, fw, clause, status, severity, "m", None, "", "p.yaml", 1, 1)


def test_a_clause_takes_its_worst_rule_and_counts_once() -> None:
    result = FileResult(
        file="p.yaml",
        findings=[
            finding("A-1.1", "A-1", Status.PASS),
            finding("A-1.2", "A-1", Status.FAIL),  # one failing must-rule blocks the clause
            finding("A-2.1", "A-2", Status.NEEDS_REVIEW),
            finding("A-2.2", "A-2", Status.FAIL, Severity.WARNING),  # review outranks improve
            finding("A-3.1", "A-3", Status.FAIL, Severity.INFO),
            finding("A-4.1", "A-4", Status.WAIVED),
            finding("A-5.1", "A-5", Status.NOT_APPLICABLE),  # left out of what applies
        ],
        verdicts=[FrameworkVerdict("cican", Verdict.DOES_NOT_MEET)],
    )
    (ready,) = readiness.of_result(result)
    assert (ready.blocking, ready.review, ready.improve, ready.met, ready.applicable) == (1, 1, 1, 1, 4)
    assert readiness.words(ready) == "1 of 4 clauses met, 1 to review, 1 to improve, 1 blocking"


def test_advice_never_blocks_and_unclaimed_frameworks_have_no_readiness() -> None:
    result = FileResult(
        file="p.yaml",
        findings=[
            finding("GP-1", "GP-1", Status.FAIL, fw="good-practice"),
            finding("BC-C1", "BC-C1", Status.FAIL, fw="bc"),
        ],
        verdicts=[
            FrameworkVerdict("good-practice", Verdict.ADVISORY),
            FrameworkVerdict("bc", Verdict.NOT_CLAIMED),
        ],
    )
    (ready,) = readiness.of_result(result)
    assert ready.framework == "good-practice" and (ready.blocking, ready.improve) == (0, 1)
    assert readiness.sort_key(result)[0] == 0
