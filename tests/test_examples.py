"""Each example's header states its expected verdict per framework; the checker agrees.

The header format (see examples/complete.yaml) is a comment block at the top:

    # Expected verdicts (tests/test_examples.py checks them):
    #   cican:          meets_pending_review   (optional remark)
    #   good-practice:  advisory               (3 suggestions: ...)
    # `qa-checker check examples/complete.yaml` exits 0.

An advisory verdict's remark, when it opens with "N suggestion(s)" or "no suggestions",
states the number of suggestions too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, VERDICT_LINE, expected_suggestions, run_cli

EXIT_LINE = re.compile(r"^#.*`qa-checker check (\S+)` exits (\d)")

REQUIRED_EXAMPLES = (
    "complete.yaml",
    "incomplete.yaml",
    "omc-claim.yaml",
    "fails-cican.yaml",
    "fails-ecampusontario.yaml",
    "fails-peqab-omc.yaml",
    "fails-bc.yaml",
)


def header(path: Path) -> tuple[dict[str, str], int | None]:
    """Expected verdicts and exit code from the leading comment block."""
    verdicts: dict[str, str] = {}
    exit_code = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := VERDICT_LINE.match(line):
            verdicts[match.group(1)] = match.group(2)
        if match := EXIT_LINE.match(line):
            exit_code = int(match.group(2))
    return verdicts, exit_code


def check_json(path: Path, frameworks: list[str]) -> dict:
    args = ["check", "--format", "json", str(path)]
    for framework in frameworks:
        args += ["--framework", framework]
    result = run_cli(*args)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert len(report["files"]) == 1 and report["files"][0]["status"] == "checked", report
    return report["files"][0]


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_required_examples_exist_and_declare_verdicts() -> None:
    for name in REQUIRED_EXAMPLES:
        path = EXAMPLES / name
        assert path.is_file(), name
        verdicts, _ = header(path)
        assert verdicts, f"{name} has no expected-verdict header"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_example_verdicts_match_header(path: Path) -> None:
    expected, _ = header(path)
    if not expected:
        pytest.skip(f"{path.name} declares no verdicts")
    result = check_json(path, sorted(expected))
    got = {v["framework"]: v["verdict"] for v in result["verdicts"]}
    assert got == expected
    suggestions = {v["framework"]: v["counts"]["suggestions"] for v in result["verdicts"]}
    for framework, count in expected_suggestions(path).items():
        assert suggestions[framework] == count, framework


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_example_exit_code_matches_header(path: Path) -> None:
    _, exit_code = header(path)
    if exit_code is None:
        pytest.skip(f"{path.name} declares no exit code")
    result = run_cli("check", str(path))
    assert result.returncode == exit_code, result.stdout + result.stderr


def test_complete_example_meets_every_quality_framework_pending_review() -> None:
    expected, exit_code = header(EXAMPLES / "complete.yaml")
    for framework in ("cican", "ecampusontario", "bc"):
        assert expected[framework] == "meets_pending_review"
    assert expected["good-practice"] == "advisory"
    assert expected["peqab-omc"] == "not_claimed"
    assert exit_code == 0


def test_omc_claim_meets_peqab_pending_review() -> None:
    expected, _ = header(EXAMPLES / "omc-claim.yaml")
    assert expected["peqab-omc"] == "meets_pending_review"


@pytest.mark.parametrize("framework", ["cican", "ecampusontario", "peqab-omc", "bc"])
def test_each_failing_example_fails_its_framework_for_one_reason(framework: str) -> None:
    """A fails-<id> example is close to passing: its errors all come from one clause."""
    path = EXAMPLES / f"fails-{framework}.yaml"
    expected, _ = header(path)
    assert expected[framework] == "does_not_meet"
    result = check_json(path, [framework])
    errors = [
        f
        for f in result["findings"]
        if f["framework"] == framework and f["status"] == "fail" and f["severity"] == "error"
    ]
    assert errors, f"{path.name} has no error under {framework}"
    clauses = {f["clause"] for f in errors}
    assert len(clauses) == 1, f"{path.name} fails {framework} on several clauses: {sorted(clauses)}"


def test_failing_examples_fail_for_different_reasons() -> None:
    reasons = {}
    for framework in ("cican", "ecampusontario", "peqab-omc", "bc"):
        result = check_json(EXAMPLES / f"fails-{framework}.yaml", [framework])
        reasons[framework] = {
            f["rule_id"] for f in result["findings"] if f["status"] == "fail" and f["severity"] == "error"
        }
    seen: set[str] = set()
    for rules in reasons.values():
        assert not rules & seen
        seen |= rules
