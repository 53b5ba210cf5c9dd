"""Realistic thin proposals (tests/data/listings/), modelled on public listings converted
to proposals: each says in its header what it models, its verdicts under the default
selection (no targets: the provider's jurisdiction decides) and, for the rules issue #14
is about, the outcome with every rule set named. The checker must agree."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, REPO, VERDICT_LINE, expected_suggestions, run_cli

LISTINGS = REPO / "tests" / "data" / "listings"
LISTING_FILES = sorted(LISTINGS.glob("*.yaml"))
EVERY_SET = ("cican", "ecampusontario", "peqab-omc", "bc", "good-practice", "on-osap")
RULE_LINE = re.compile(r"^#\s{2,}([A-Z][A-Z0-9]*-[A-Z0-9.]+):\s+(pass|fail|needs_review|not_applicable)\b")
STATUSES = ("pass", "fail", "needs_review", "not_applicable")


def _header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def expected_verdicts(path: Path) -> dict[str, str]:
    return {m.group(1): m.group(2) for line in _header(path) if (m := VERDICT_LINE.match(line))}


def expected_rules(path: Path) -> dict[str, str]:
    return {m.group(1): m.group(2) for line in _header(path) if (m := RULE_LINE.match(line))}


def _check(paths: list[Path], frameworks: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    args = ["check", "--format", "json", "--fail-on", "never", *map(str, paths)]
    for framework in frameworks:
        args += ["--framework", framework]
    result = run_cli(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    files = json.loads(result.stdout)["files"]
    assert all(f["status"] == "checked" for f in files), [f["errors"] for f in files]
    return {Path(f["file"]).name: f for f in files}


@cache
def default_run() -> dict[str, dict[str, Any]]:
    """Every listing checked once, as a user would: no --framework, no targets."""
    return _check(LISTING_FILES)


@cache
def full_run() -> dict[str, dict[str, Any]]:
    """Every listing and example checked once against every shipped rule set."""
    return _check([*LISTING_FILES, *sorted(EXAMPLES.glob("*.yaml"))], EVERY_SET)


def statuses(result: dict[str, Any], rule_id: str) -> set[str]:
    return {f["status"] for f in result["findings"] if f["rule_id"] == rule_id}


def test_at_least_ten_listings_each_saying_what_it_models() -> None:
    assert len(LISTING_FILES) >= 10
    for path in LISTING_FILES:
        header = _header(path)
        assert header and header[0].startswith("# Models: "), path.name
        assert expected_verdicts(path), f"{path.name} declares no verdicts"
        assert "targets" not in yaml.safe_load(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("path", LISTING_FILES, ids=[p.name for p in LISTING_FILES])
def test_listing_default_verdicts_match_header(path: Path) -> None:
    result = default_run()[path.name]
    got = {v["framework"]: v["verdict"] for v in result["verdicts"]}
    assert got == expected_verdicts(path)
    suggestions = {v["framework"]: v["counts"]["suggestions"] for v in result["verdicts"]}
    for framework, count in expected_suggestions(path).items():
        assert suggestions[framework] == count, framework


@pytest.mark.parametrize("path", LISTING_FILES, ids=[p.name for p in LISTING_FILES])
def test_listing_rule_outcomes_match_header(path: Path) -> None:
    result = full_run()[path.name]
    expected = expected_rules(path)
    assert expected, f"{path.name} declares no rule outcomes"
    got = {rule_id: statuses(result, rule_id) for rule_id in expected}
    assert got == {rule_id: {status} for rule_id, status in expected.items()}


def _data(name: str) -> dict[str, Any]:
    folder = LISTINGS if (LISTINGS / name).is_file() else EXAMPLES
    data = yaml.load((folder / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data if isinstance(data, dict) else {}


def _states_recognition(data: dict[str, Any]) -> set[str]:
    """The routes to recognition issue #14 names, read from the file independently of the rule."""
    routes = set()
    stack = data.get("stackability") or {}
    if stack.get("type") == "stackable" or stack.get("stacks_into"):
        routes.add("stacking")
    if data.get("record_type") == "certificate_only" or data.get("credential_class") == "certificate":
        routes.add("certificate")
    badge = data.get("digital_credential") or {}
    if data.get("credential_class") == "badge" or data.get("record_type") == "badge_only" or badge.get("platform"):
        routes.add("badge")
    return routes


def test_bc_c6_passes_whenever_stacking_a_certificate_or_a_badge_is_stated() -> None:
    seen: set[str] = set()
    for name, result in full_run().items():
        routes = _states_recognition(_data(name))
        if routes:
            seen |= routes
            assert statuses(result, "BC-C6") == {"pass"}, (name, routes)
    assert seen == {"stacking", "certificate", "badge"}


def test_eco_p4_applies_to_every_proposal_and_passes_only_on_a_stated_pathway() -> None:
    for name, result in full_run().items():
        data = _data(name)
        stack = data.get("stackability") or {}
        stated = bool(data.get("pathways") or stack.get("stacks_into") or stack.get("type") == "stackable")
        assert statuses(result, "ECO-P4") == ({"pass"} if stated else {"fail"}), name
        finding = next(f for f in result["findings"] if f["rule_id"] == "ECO-P4")
        assert finding["severity"] == "warning"


def test_the_advisory_set_never_meets_while_it_has_suggestions() -> None:
    for name, result in full_run().items():
        verdict = next(v for v in result["verdicts"] if v["framework"] == "good-practice")
        assert verdict["verdict"] == "advisory", name
        failing = [f for f in result["findings"] if f["framework"] == "good-practice" and f["status"] == "fail"]
        assert verdict["counts"]["suggestions"] == len(failing), name


def test_text_output_words_the_advisory_verdict_with_its_count() -> None:
    path = LISTINGS / "fifteen-outcomes.yaml"
    out = run_cli("check", str(path), "--no-fixes").stdout
    line = next(line for line in out.splitlines() if ": good-practice: " in line)
    assert line == f"{path}: good-practice: advisory: 27 suggestions (0 of 9 clauses met, 9 to improve)"
    by_rule = run_cli("check", str(path), "--no-fixes", "--group", "rule").stdout
    line = next(line for line in by_rule.splitlines() if ": good-practice: " in line)
    assert line == f"{path}: good-practice: advisory: 27 suggestions (0 to review, 0 waived)"


def test_no_review_prompt_about_outcomes_that_do_not_exist() -> None:
    """ECO-F3.4 asked whether each outcome is observable when there were none (issue #14)."""
    for name in ("two-sentence.yaml", "incomplete.yaml"):
        assert statuses(full_run()[name], "ECO-F3.4") == {"not_applicable"}, name
    out = run_cli("check", str(LISTINGS / "two-sentence.yaml")).stdout
    assert "ECO-F3.4" not in out and "ECO-F3.1 error" in out


def test_bundled_outcomes_are_flagged_and_single_ones_are_not() -> None:
    flagged = {f["pointer"] for f in full_run()["trades-bundled.yaml"]["findings"] if f["rule_id"] == "GP-11.2"}
    assert flagged == {"/learning_outcomes/0/statement", "/learning_outcomes/1/statement"}
    assert statuses(full_run()["fifteen-outcomes.yaml"], "GP-11.2") == {"pass"}
