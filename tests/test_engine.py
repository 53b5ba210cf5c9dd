"""The engine on its own: waivers explain failures without hiding them, and verdicts
follow from the findings (any unwaived error → does not meet; open review → pending)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa_checker.findings import FileResult, Status, Verdict
from qa_checker.pipeline import CatalogSpec, RunOptions, Target, check_file

from conftest import EXAMPLES, HEADER


def check(path: Path, frameworks: tuple[str, ...] = ("cican",), **kw: bool) -> FileResult:
    return check_file(Target(path, True), CatalogSpec().load(), RunOptions(frameworks=frameworks, **kw)).result


def statuses(result: FileResult, rule_id: str) -> set[Status]:
    return {f.status for f in result.findings if f.rule_id == rule_id}


def tool_ids(result: FileResult) -> list[str]:
    return [f.rule_id for f in result.findings if f.rule_id.startswith("QA-")]


WAIVER = "waivers:\n  - {rule: CICAN-P2.2, reason: QA record follows next term, approved_by: Dean%s}\n"


def test_a_waiver_marks_the_failure_waived_and_keeps_it_visible(write: Callable[..., Path]) -> None:
    result = check(write("p.yaml", HEADER + WAIVER % ""))
    assert statuses(result, "CICAN-P2.2") == {Status.WAIVED}
    waived = next(f for f in result.findings if f.rule_id == "CICAN-P2.2")
    assert waived.waiver is not None and waived.waiver.reason == "QA record follows next term"
    assert check(write("q.yaml", HEADER + WAIVER % ""), use_waivers=False).findings[0].status is not Status.WAIVED


def test_an_expired_waiver_is_reported_and_waives_nothing(write: Callable[..., Path]) -> None:
    result = check(write("p.yaml", HEADER + WAIVER % ", expires: 2001-01-01"))
    assert statuses(result, "CICAN-P2.2") == {Status.FAIL}
    assert "QA-WAIVER-EXPIRED" in tool_ids(result)


def test_a_waiver_of_an_unknown_rule_says_so(write: Callable[..., Path]) -> None:
    text = HEADER + "waivers:\n  - {rule: CICAN-P99, reason: r, approved_by: a}\n"
    assert "QA-WAIVER-UNKNOWN" in tool_ids(check(write("p.yaml", text)))


def test_a_waiver_of_a_rule_that_passes_says_it_is_unused(write: Callable[..., Path]) -> None:
    complete = (EXAMPLES / "complete.yaml").read_text(encoding="utf-8")
    result = check(write("p.yaml", complete + WAIVER % ""))
    assert Status.FAIL not in statuses(result, "CICAN-P2.2")
    assert "QA-WAIVER-UNUSED" in tool_ids(result)


def test_verdicts_follow_the_findings(write: Callable[..., Path]) -> None:
    thin = check(write("p.yaml", HEADER))
    (cican,) = thin.verdicts
    assert cican.errors > 0 and cican.verdict is Verdict.DOES_NOT_MEET
    complete = check(EXAMPLES / "complete.yaml")
    (cican,) = complete.verdicts
    assert cican.errors == 0 and cican.needs_review > 0
    assert cican.verdict is Verdict.MEETS_PENDING_REVIEW


def test_the_typed_proposal_travels_with_the_result(write: Callable[..., Path]) -> None:
    checked = check_file(Target(write("p.yaml", HEADER + "zzz: 1\n"), True), CatalogSpec().load(), RunOptions())
    assert checked.proposal is not None and checked.proposal.title == "Test proposal"
    assert checked.document is not None and checked.document.get("/zzz") == 1  # unknown keys stay in the data
    assert "QA-UNKNOWN-FIELD" in tool_ids(checked.result)
