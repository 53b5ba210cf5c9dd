"""JUnit XML for CI test panels (GitLab, Jenkins, Azure).

One ``testsuite`` per proposal file, one ``testcase`` per rule evaluated, so a panel
reads "40 criteria, 3 failed". Test names are the rule ID and rule set only, never the
message, so they stay stable from run to run.

Written to Jenkins' ``junit-10.xsd`` (vendored in ``tests/data``), which allows no
``file`` or ``line`` on a test case and no ``skipped`` on ``testsuites``: the proposal's
path is the suite's ``file`` attribute and a ``file`` property, relative to the
repository root as in SARIF and GitHub annotations, and each finding's line is in the
text of its failure or ``system-out``. What a case becomes follows ``--fail-on``, the
same test as the exit code (``findings.reaches``), so a passing job never shows a failed
test: a finding at or above it is a ``<failure>``; one below it is written to
``system-out`` and the case passes; an item awaiting a reviewer is ``<skipped>`` with
the reviewer's prompt, never a silent pass; waived and not-applicable rules are
``<skipped>``; a file that could not be checked an ``<error>``.

Every text put into the XML goes through ``escape.controls`` first: XML 1.0 has no way
to write most control characters at all (one raw ESC made the whole file unreadable),
and a newline in a message must not start a forged ``file:line:col:`` line in the
failure text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from itertools import groupby

from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, Status, reaches
from qa_checker.messages import msg
from qa_checker.output import Batch, CheckRun, joined
from qa_checker.output.escape import controls
from qa_checker.output.location import relative
from qa_checker.output.spool import Spool
from qa_checker.verdicts import verdict_words

COUNTED = ("tests", "failures", "errors")  # testsuites allows no "skipped"


def render(run: CheckRun) -> str:
    return joined("junit", run)


def stream(results: Iterable[FileResult], batch: Batch, write: Callable[[str], object]) -> None:
    """Each file's ``testsuite`` is serialised as its result arrives and set aside in a
    spool; the root's totals, which come first, are written once all are known. The
    bytes are those of indenting and serialising the whole tree at once."""
    totals = dict.fromkeys(COUNTED, 0)
    with Spool(separator="\n  ") as suites:
        if batch.errors:
            suite = ET.Element("testsuite", name="qa-checker")
            for error in batch.errors:
                _error_case(suite, error)
            suites.add(_suite_text(suite, totals))
        for result in results:
            if not result.skipped:
                suites.add(_suite_text(_file_suite(result, batch.fail_on), totals))
        root = ET.Element("testsuites", name="qa-checker")
        for key, value in totals.items():
            root.set(key, str(value))
        if not suites.count:
            write(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")
            return
        head, tail = _frame(root)
        write(head)
        suites.copy(write)
        write(tail)


def _file_suite(result: FileResult, fail_on: str) -> ET.Element:
    path = controls(relative(result.file))
    suite = ET.Element("testsuite", name=path, file=path)
    _properties(suite, result, path)
    if result.excluded is not None:
        _excluded_case(suite, result)
    for error in result.errors:
        _error_case(suite, error)
    for (ruleset, rule_id), group in groupby(result.findings_by_rule(), key=lambda f: (f.framework, f.rule_id)):
        _rule_case(suite, ruleset, rule_id, list(group), fail_on)
    return suite


def _suite_text(suite: ET.Element, totals: dict[str, int]) -> str:
    """A suite as it reads inside the indented root (one level down), counted."""
    _count(suite, totals)
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode")


_PLACE = "suites"  # a stand-in child, where the suites go


def _frame(root: ET.Element) -> tuple[str, str]:
    """The document around its suites: declaration and opening tag, then the closing tag."""
    ET.SubElement(root, _PLACE)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
    head, tail = text.split(f"<{_PLACE} />")
    return head, tail


def _properties(suite: ET.Element, result: FileResult, path: str) -> None:
    """The file (as consumers that read properties expect), and each rule set's verdict
    (``verdict.<rule set>``) in words, so a CI panel shows "advisory: 10 suggestions"
    rather than counting advice as tests."""
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="file", value=path)
    for v in result.verdicts:
        ET.SubElement(properties, "property", name=f"verdict.{v.framework}", value=verdict_words(v))


def _where(finding: Finding) -> str:
    return controls(f"{relative(finding.file)}:{finding.line}:{finding.column}: {finding.message}")


def _rule_case(suite: ET.Element, ruleset: str, rule_id: str, findings: list[Finding], fail_on: str) -> None:
    case = ET.SubElement(suite, "testcase", classname=controls(f"qa-checker.{ruleset}"), name=controls(rule_id))
    failing = [f for f in findings if reaches(f, fail_on)]
    below = [f for f in findings if f.status is Status.FAIL and not reaches(f, fail_on)]
    if failing:
        first = failing[0]
        failure = ET.SubElement(case, "failure", message=controls(first.message), type=first.severity.value)
        failure.text = "\n".join(_where(f) for f in failing)
    statuses = {f.status for f in findings}
    if not failing and Status.NEEDS_REVIEW in statuses:
        prompt = next(f for f in findings if f.status is Status.NEEDS_REVIEW).message
        ET.SubElement(case, "skipped", message=controls(msg("junit.needs_review", prompt=prompt)))
    elif not failing and not below and Status.WAIVED in statuses:
        waiver = next(f.waiver for f in findings if f.waiver is not None)
        said = msg("junit.waived", reason=waiver.reason, by=waiver.approved_by)
        ET.SubElement(case, "skipped", message=controls(said))
    elif statuses == {Status.NOT_APPLICABLE}:
        ET.SubElement(case, "skipped", message=msg("junit.not_applicable"))
    if below:
        out = ET.SubElement(case, "system-out")
        lines = [msg("junit.below_threshold", fail_on=fail_on)] + [_where(f) for f in below]
        out.text = "\n".join(lines)


def _error_case(suite: ET.Element, error: QaError) -> None:
    case = ET.SubElement(suite, "testcase", classname="qa-checker.input", name=error.key)
    node = ET.SubElement(case, "error", message=controls(error.message), type=error.key)
    node.text = controls(str(error).replace(error.file, relative(error.file), 1))


def _excluded_case(suite: ET.Element, result: FileResult) -> None:
    """A named file the configuration excludes: a skipped case, so the panel shows it."""
    assert result.excluded is not None
    case = ET.SubElement(suite, "testcase", classname="qa-checker.input", name="input.excluded")
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
        if key in totals:
            totals[key] += value
