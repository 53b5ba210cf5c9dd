"""CI output formats: SARIF, JUnit and GitHub annotations, as the platforms read them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from qa_checker.output.github import annotation, escape_data, escape_property

from conftest import EXAMPLES, HEADER, REPO, run_cli

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

WAIVED = (
    HEADER
    + "relationship_to_formal_credential: standalone\n"
    + "waivers:\n"
    + "  - {rule: CICAN-P2.1, reason: 'Reviewed by senate, minute 12', approved_by: Dean, expires: '2999-01-01'}\n"
)


def sarif_of(*args: str, cwd: Path = REPO) -> dict:
    result = run_cli("check", *args, "--format", "sarif", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_sarif_validates_against_the_official_schema(tmp_path: Path) -> None:
    (tmp_path / "waived.yaml").write_text(WAIVED, encoding="utf-8")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for log in (
        sarif_of("examples/incomplete.yaml", "examples/complete.yaml"),
        sarif_of(str(tmp_path / "waived.yaml"), "--framework", "cican"),
    ):
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
        assert errors == [], [e.message for e in errors[:3]]


def test_sarif_rules_locations_and_suppressions(tmp_path: Path) -> None:
    log = sarif_of("examples/incomplete.yaml")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "one driver.rules entry per rule"
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
    p51 = next(r for r in rules if r["id"] == "CICAN-P5.1")
    assert p51["helpUri"].startswith("https://") and p51["fullDescription"]["text"].startswith("CICAN-P5")
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "examples/incomplete.yaml"
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1

    path = tmp_path / "waived.yaml"
    path.write_text(WAIVED, encoding="utf-8")
    log = sarif_of(str(path), "--framework", "cican", cwd=tmp_path)
    waived = [r for r in log["runs"][0]["results"] if r["ruleId"] == "CICAN-P2.1"]
    assert waived and waived[0]["suppressions"][0]["justification"].startswith("Reviewed by senate, minute 12")
    assert waived[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "waived.yaml"


def test_sarif_fingerprints_do_not_depend_on_lines(tmp_path: Path) -> None:
    source = (EXAMPLES / "incomplete.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(source, encoding="utf-8")
    before = sarif_of("p.yaml", cwd=tmp_path)["runs"][0]["results"]
    path.write_text("# a comment\n\n# moves every line down\n" + source, encoding="utf-8")
    after = sarif_of("p.yaml", cwd=tmp_path)["runs"][0]["results"]

    def prints(results: list[dict]) -> list[str]:
        return sorted(r["partialFingerprints"]["qaChecker/v1"] for r in results)

    assert prints(before) == prints(after)
    assert len(set(prints(before))) == len(before)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after][0] > 3


def test_junit_shape_and_stable_names(tmp_path: Path) -> None:
    path = tmp_path / "waived.yaml"
    path.write_text(WAIVED, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + "instructional_hours: forty\n", encoding="utf-8")
    out = run_cli("check", str(EXAMPLES / "incomplete.yaml"), str(path), str(bad), "--format", "junit").stdout
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    incomplete = suites["examples/incomplete.yaml"]  # repository-relative, as in SARIF
    names = [(c.get("classname"), c.get("name")) for c in incomplete.findall("testcase")]
    assert len(names) == len(set(names)) and ("qa-checker.cican", "CICAN-P5.1") in names
    assert int(incomplete.get("failures")) == len(incomplete.findall("testcase/failure")) > 0
    assert int(incomplete.get("tests")) == len(names)
    waived = suites[path.as_posix()]  # outside the repository: as given
    case = next(c for c in waived.findall("testcase") if c.get("name") == "CICAN-P2.1")
    assert case.find("skipped") is not None and "senate" in case.find("skipped").get("message")
    errored = suites[bad.as_posix()]
    assert errored.find("testcase/error") is not None
    # names carry no message text, so they stay stable when messages change
    assert all(" " not in name for _, name in names)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = annotation("error", "dir/f,1.yaml", 3, 5, "RULE-1 (x: y)", "bad: 50%,\nfix")
    assert line == "::error file=dir/f%2C1.yaml,line=3,col=5,title=RULE-1 (x%3A y)::bad: 50%25,%0Afix"


def test_github_annotations_are_capped_and_summarised(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run_cli(
        "check", str(EXAMPLES / "incomplete.yaml"), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert 0 < len(errors) <= 10
    assert lines[0].startswith("::error "), "most severe first"
    text = summary.read_text(encoding="utf-8")
    assert "| Proposal | Rule set | Verdict |" in text and "CICAN-P5.1" in text


def test_format_never_changes_the_exit_code() -> None:
    codes = {
        fmt: run_cli("check", str(EXAMPLES / "incomplete.yaml"), "--format", fmt).returncode
        for fmt in ("text", "json", "sarif", "junit", "github")
    }
    assert set(codes.values()) == {1}
