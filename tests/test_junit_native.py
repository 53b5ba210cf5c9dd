"""JUnit as Jenkins, GitLab and Azure read it (issue #19 item 2).

Jenkins' ``junit-10.xsd`` (vendored in tests/data, provenance in tests/data/README.md)
rejected the ``file``/``line`` attributes on test cases and ``skipped`` on
``testsuites``; GitLab showed items awaiting review as passed tests; warnings were
failures even when ``--fail-on error`` passed the job.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import xmlschema

from conftest import EXAMPLES, HEADER, REPO, run_cli

XSD = xmlschema.XMLSchema(Path(__file__).parent / "data" / "junit-10.xsd")


def junit(*args: str, cwd: Path = REPO) -> tuple[int, str]:
    result = run_cli("check", *args, "--format", "junit", cwd=cwd)
    assert result.returncode in (0, 1, 2), result.stderr
    return result.returncode, result.stdout


def test_every_example_validates_against_jenkins_junit_10_xsd() -> None:
    examples = sorted(p.relative_to(REPO).as_posix() for p in EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 5
    for example in examples:
        _, out = junit(example, "--fail-on", "warning")
        errors = [str(e.reason) for e in XSD.iter_errors(out)]
        assert errors == [], (example, errors[:3])
    _, together = junit(*examples)
    assert XSD.is_valid(together)


def test_the_validation_can_fail() -> None:
    _, out = junit("examples/incomplete.yaml")
    root = ET.fromstring(out)
    root.find("testsuite/testcase").set("file", "examples/incomplete.yaml")
    assert not XSD.is_valid(ET.tostring(root, encoding="unicode"))


def test_review_items_are_skipped_with_the_prompt() -> None:
    _, out = junit("examples/complete.yaml")
    cases = ET.fromstring(out).findall("testsuite/testcase")
    reviewed = [c for c in cases if c.get("name") == "ECO-F1.2"]
    assert reviewed, "complete.yaml has ECO-F1.2 awaiting review"
    skipped = reviewed[0].find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith("needs review: ")
    assert all(c.find("failure") is None for c in cases)


def test_findings_below_fail_on_are_not_failures(tmp_path: Path) -> None:
    # cican only: a proposal whose only failures are warnings and infos
    code, out = junit("examples/fails-cican.yaml", "--fail-on", "error")
    root = ET.fromstring(out)
    warnings = [c for c in root.iter("testcase") if c.find("system-out") is not None]
    failures = root.findall(".//failure")
    severities = {f.get("type") for f in failures}
    assert severities <= {"error"}, severities
    assert warnings and "below --fail-on error" in warnings[0].find("system-out").text
    if not failures:
        assert code == 0 and root.get("failures") == "0"
    code_w, out_w = junit("examples/fails-cican.yaml", "--fail-on", "warning")
    assert len(ET.fromstring(out_w).findall(".//failure")) > len(failures)
    assert code_w == 1


def test_a_warning_only_proposal_has_no_failures_under_fail_on_error(tmp_path: Path) -> None:
    proposal = tmp_path / "warned.yaml"
    source = (EXAMPLES / "complete.yaml").read_text(encoding="utf-8")
    proposal.write_text(source + "learning_outcome: stray\n", encoding="utf-8")  # QA-UNKNOWN-FIELD, a warning
    code, out = junit(str(proposal), "--fail-on", "error")
    root = ET.fromstring(out)
    assert code == 0 and root.get("failures") == "0" and not root.findall(".//failure")
    unknown = next(c for c in root.iter("testcase") if c.get("name") == "QA-UNKNOWN-FIELD")
    assert "warned.yaml:" in unknown.find("system-out").text
    code, out = junit(str(proposal), "--fail-on", "warning")
    assert code == 1 and ET.fromstring(out).get("failures") != "0"


def test_paths_are_relative_to_the_repository_root() -> None:
    _, out = junit("incomplete.yaml", cwd=EXAMPLES)
    suite = ET.fromstring(out).find("testsuite")
    assert suite.get("name") == suite.get("file") == "examples/incomplete.yaml"
    assert suite.find("properties/property[@name='file']").get("value") == "examples/incomplete.yaml"
    failure = ET.fromstring(out).find(".//failure")
    assert failure.text.startswith("examples/incomplete.yaml:")


def test_an_input_error_is_an_error_case(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + "description: [unclosed\n", encoding="utf-8")
    code, out = junit(str(bad))
    root = ET.fromstring(out)
    assert code == 2 and root.get("errors") == "1"
    assert root.find(".//error").get("type") == "loader.syntax_bracket"
