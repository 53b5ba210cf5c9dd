"""Text and JSON output list gaps, not rule hits (issue #14, "Done when").

On every example and every realistic listing: no gap is reported twice in text output
(no rule in two entries, no two entries with the same message), the fifteen-outcome
listing gives at most one line per rule, and the JSON keeps every per-rule finding
with the gap it is reported under.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, REPO, run_cli

LISTINGS = REPO / "tests" / "data" / "listings"
FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(LISTINGS.glob("*.yaml"))
# file:line:col: level message [RULE, RULE level; RULE level]
ENTRY = re.compile(
    r"^(?P<file>.+?):(\d+):(\d+): (?P<level>error|warning|info|review) (?P<text>.*) \[(?P<rules>[^\]]+)\]$"
)


@cache
def text_of(path: Path, *extra: str) -> str:
    result = run_cli(
        "check", "--lang", "en", str(path), "--no-fixes", *extra
    )  # the parser reads English; a fr-CA listing would speak French
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout


@cache
def json_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run_cli("check", str(path), "--format", "json").stdout)["files"][0]
    return data


def entries(text: str) -> list[tuple[str, str, list[str]]]:
    """(level, text, rule IDs) of every gap entry."""
    out = []
    for line in text.splitlines():
        match = ENTRY.match(line)
        if match:
            rules = [r for part in match["rules"].split("; ") for r in part.rsplit(" ", 1)[0].split(", ")]
            out.append((match["level"], match["text"], rules))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_gap_is_reported_twice(path: Path) -> None:
    found = entries(text_of(path))
    failing = [e for e in found if e[0] != "review"]
    assert failing or "meets" in text_of(path), "no entry was parsed"
    rules = Counter(rule for _, _, ids in failing for rule in ids)
    assert [r for r, n in rules.items() if n > 1] == [], path
    messages = Counter(text for _, text, _ in found)
    assert [m for m, n in messages.items() if n > 1] == [], path
    # every failing rule finding is in exactly one entry, and the JSON agrees
    data = json_of(path)
    failed = {f["rule_id"] for f in data["findings"] if f["status"] == "fail"}
    assert set(rules) == failed
    assert len(failing) == sum(1 for g in data["gaps"] if g["status"] == "fail")


def test_fifteen_outcomes_give_one_line_per_rule_naming_the_items() -> None:
    text = text_of(LISTINGS / "fifteen-outcomes.yaml")
    lines = [line for line in text.splitlines() if "GP-1.3" in line]
    assert len(lines) == 1
    assert "15 of 15 learning outcomes do not meet" in lines[0]
    assert "LO1 (l. 29)" in lines[0] and " and 7 more " in lines[0]
    by_rule = text_of(LISTINGS / "fifteen-outcomes.yaml", "--group", "rule")
    assert sum("GP-1.3 warning" in line for line in by_rule.splitlines()) == 15


def test_one_missing_partner_is_one_entry_listing_every_rule_it_blocks() -> None:
    found = entries(text_of(LISTINGS / "two-sentence.yaml"))
    (partner,) = [e for e in found if "ECO-P1.2" in e[2]]
    assert partner[0] == "error" and "GP-3.1" in partner[2]
    assert "[ECO-P1.2 error; GP-3.1 warning]" in text_of(LISTINGS / "two-sentence.yaml")


def test_group_rule_restores_one_line_per_finding() -> None:
    path = EXAMPLES / "incomplete.yaml"
    data = json_of(path)
    shown = [f for f in data["findings"] if f["status"] in ("fail", "needs_review", "waived")]
    lines = text_of(path, "--group", "rule").splitlines()
    assert sum(1 for line in lines if line.startswith(f"{path}:") and re.match(r".+:\d+:\d+: ", line)) == len(shown)
    errors = sum(f["severity"] == "error" and f["status"] == "fail" for f in shown)
    assert lines[-1].endswith(f"findings by rule: {errors} errors, 9 warnings, 2 to review")


def test_closing_line_counts_gaps_with_plurals() -> None:
    path = EXAMPLES / "incomplete.yaml"
    last = text_of(path).splitlines()[-1]
    data = json_of(path)
    fail = [g for g in data["gaps"] if g["status"] == "fail"]
    errors = sum(g["severity"] == "error" for g in fail)
    warnings = sum(g["severity"] == "warning" for g in fail)
    review = sum(g["status"] == "needs_review" for g in data["gaps"])
    counts = f"gaps: {errors} errors, {warnings} warnings, {review} to review"
    assert last == f"1 proposal checked, 0 could not be checked; {counts}"


def test_readiness_closes_each_framework_line() -> None:
    path = LISTINGS / "two-sentence.yaml"
    data = json_of(path)
    text = text_of(path)
    for ready in data["readiness"]:
        line = next(line for line in text.splitlines() if line.startswith(f"{path}: {ready['framework']}: "))
        assert f"({ready['met']} of {ready['applicable']} clauses met" in line
        if ready["blocking"]:
            assert f"{ready['blocking']} blocking" in line
        assert ready["applicable"] == ready["met"] + ready["review"] + ready["improve"] + ready["blocking"]


def test_json_keeps_every_finding_and_names_its_gap() -> None:
    data = json_of(EXAMPLES / "incomplete.yaml")
    keys = {g["key"] for g in data["gaps"]}
    for finding in data["findings"]:
        if finding["status"] in ("fail", "needs_review"):
            assert finding["gap"] in keys, finding["rule_id"]
        else:
            assert finding["gap"] == ""
    listed = Counter(loc["rule_id"] for g in data["gaps"] for loc in g["locations"])
    expected = Counter(f["rule_id"] for f in data["findings"] if f["status"] in ("fail", "needs_review"))
    assert listed == expected
    transcript = next(g for g in data["gaps"] if any(r["rule_id"] == "CICAN-P6.1" for r in g["rules"]))
    assert {r["rule_id"] for r in transcript["rules"]} == {"CICAN-P6.1", "ECO-F5"}


def test_sarif_relates_a_gaps_other_places() -> None:
    sarif = json.loads(run_cli("check", str(EXAMPLES / "incomplete.yaml"), "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    eco_f5 = [r for r in results if r["ruleId"] == "ECO-F5"]
    assert len(eco_f5) == 2  # one result per location, as before
    for result in eco_f5:
        assert result["properties"]["gap"]
        others = result["relatedLocations"]
        own = result["locations"][0]["physicalLocation"]["region"]
        assert others and all(o["physicalLocation"]["region"] != own or o["logicalLocations"] for o in others)


def test_reviews_in_file_order_and_unclaimed_frameworks_in_one_word() -> None:
    path = EXAMPLES / "complete.yaml"
    lines = text_of(path).splitlines()
    reviews = [int(line.split(":")[1]) for line in lines if ENTRY.match(line) and " review " in line]
    assert reviews == sorted(reviews) and len(reviews) >= 10
    assert f"{path}: peqab-omc: not claimed" in lines
