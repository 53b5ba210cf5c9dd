"""JUnit XML for CI test panels (GitLab, Jenkins, Azure).

One ``testsuite`` per proposal file, one ``testcase`` per rule evaluated, so a panel
reads "40 criteria, 3 failed". Test names are the rule ID and rule set only, never the
message, so they stay stable from run to run. Failures become ``<failure>``; waived and
not-applicable rules ``<skipped>``; a file that could not be checked an ``<error>``.

Every text put into the XML goes through ``escape.controls`` first: XML 1.0 has no way
to write most control characters at all (one raw ESC made the whole file unreadable),
and a newline in a message must not start a forged ``file:line:col:`` line in the
failure text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, Status
from qa_checker.messages import msg
from qa_checker.output import CheckRun
from qa_checker.output.escape import controls
from qa_checker.verdicts import verdict_words


def render(run: CheckRun) -> str:
    results, run_errors = run.results, run.errors
    root = ET.Element("testsuites", name="qa-checker")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if run_errors:
        suite = _suite(root, "qa-checker")
        for error in run_errors:
            _error_case(suite, error)
        _count(suite, totals)
    for result in results:
        if result.skipped:
            continue
        suite = _suite(root, result.file)
        _verdicts(suite, result)
        if result.excluded is not None:
            _excluded_case(suite, result)
        for error in result.errors:
            _error_case(suite, error)
        for (ruleset, rule_id), group in groupby(result.findings_by_rule(), key=lambda f: (f.framework, f.rule_id)):
            _rule_case(suite, ruleset, rule_id, list(group))
        _count(suite, totals)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=controls(name))


def _verdicts(suite: ET.Element, result: FileResult) -> None:
    """Each rule set's verdict as a suite property (``verdict.<rule set>``), in words,
    so a CI panel shows "advisory: 10 suggestions" rather than counting advice as tests."""
    if not result.verdicts:
        return
    properties = ET.SubElement(suite, "properties")
    for v in result.verdicts:
        ET.SubElement(properties, "property", name=f"verdict.{v.framework}", value=verdict_words(v))


def _rule_case(suite: ET.Element, ruleset: str, rule_id: str, findings: list[Finding]) -> None:
    first = findings[0]
    case = ET.SubElement(
        suite,
        "testcase",
        classname=controls(f"qa-checker.{ruleset}"),
        name=controls(rule_id),
        file=controls(first.file),
    )
    failed = [f for f in findings if f.status is Status.FAIL]
    if failed:
        lines = [controls(f"{f.file}:{f.line}:{f.column}: {f.message}") for f in failed]
        failure = ET.SubElement(case, "failure", message=controls(failed[0].message), type=failed[0].severity.value)
        failure.text = "\n".join(lines)
        case.set("line", str(failed[0].line))
        return
    statuses = {f.status for f in findings}
    if Status.WAIVED in statuses:
        waiver = next(f.waiver for f in findings if f.waiver is not None)
        said = msg("junit.waived", reason=waiver.reason, by=waiver.approved_by)
        ET.SubElement(case, "skipped", message=controls(said))
    elif statuses == {Status.NOT_APPLICABLE}:
        ET.SubElement(case, "skipped", message=msg("junit.not_applicable"))
    elif Status.NEEDS_REVIEW in statuses:
        out = ET.SubElement(case, "system-out")
        out.text = controls(msg("junit.needs_review", prompt=first.message))


def _error_case(suite: ET.Element, error: QaError) -> None:
    case = ET.SubElement(suite, "testcase", classname="qa-checker.input", name=error.key, file=controls(error.file))
    node = ET.SubElement(case, "error", message=controls(error.message), type=error.key)
    node.text = controls(str(error))


def _excluded_case(suite: ET.Element, result: FileResult) -> None:
    """A named file the configuration excludes: a skipped case, so the panel shows it."""
    assert result.excluded is not None
    case = ET.SubElement(suite, "testcase", classname="qa-checker.input", name="input.excluded", file=result.file)
    text = msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)
    ET.SubElement(case, "skipped", message=text)


def _count(suite: ET.Element, totals: dict[str, int]) -> None:
    cases = suite.findall("testcase")
    counts = {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
        "skipped": sum(1 for c in cases if c.find("skipped") is not None),
    }
    for key, value in counts.items():
        suite.set(key, str(value))
        totals[key] += value
