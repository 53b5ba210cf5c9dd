"""An advisory rule set (good practice) never shows a "meets" tick: every output gives
its own verdict, worded with the number of suggestions (issue #14)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO, run_cli

LISTING = REPO / "tests" / "data" / "listings" / "two-sentence.yaml"
WORDS = "advisory: 11 suggestions"


def _run(*args: str, env: dict[str, str] | None = None) -> str:
    result = run_cli(*args, env=env)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout


def test_text_and_json() -> None:
    text = _run("check", "--framework", "good-practice", str(LISTING), "--group", "rule")
    assert f"{LISTING}: good-practice: {WORDS} (0 to review, 0 waived)" in text
    assert "meets" not in text
    data = json.loads(_run("check", "--format", "json", "--framework", "good-practice", str(LISTING)))
    (verdict,) = data["files"][0]["verdicts"]
    assert verdict["verdict"] == "advisory"
    assert verdict["counts"]["suggestions"] == 11


def test_sarif_carries_the_verdicts_in_the_run_property_bag() -> None:
    sarif = json.loads(_run("check", "--format", "sarif", "--framework", "good-practice", str(LISTING)))
    (entry,) = sarif["runs"][0]["properties"]["verdicts"]
    assert (entry["framework"], entry["verdict"], entry["text"]) == ("good-practice", "advisory", WORDS)
    assert entry["file"].endswith("two-sentence.yaml") and entry["warnings"] == 10 and entry["infos"] == 1


def test_junit_suite_property() -> None:
    root = ET.fromstring(_run("check", "--format", "junit", "--framework", "good-practice", str(LISTING)))
    suite = root.find("testsuite")
    assert suite is not None
    children = list(suite)
    assert children[0].tag == "properties"  # the JUnit schema wants properties first
    props = {p.get("name"): p.get("value") for p in children[0]}
    assert props == {"file": "tests/data/listings/two-sentence.yaml", "verdict.good-practice": WORDS}


def test_github_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    _run("check", "--format", "github", "--framework", "good-practice", str(LISTING), env=env)
    row = next(line for line in summary.read_text(encoding="utf-8").splitlines() if "| good-practice |" in line)
    assert f"| {WORDS} |" in row and "meets" not in row


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_intake_summary(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"summary.{fmt}"
    _run("summary", str(LISTING), "--format", fmt, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        # the verdict words, then the set's clause readiness (advice is never "met" as a whole)
        assert f'<td class="v-advisory" data-verdict="advisory">{WORDS}<span class="ready"' in text
    else:
        head, row = list(csv.reader(io.StringIO(text)))[:2]
        assert row[head.index("good-practice")] == "advisory"


def test_report_cover_and_sections(tmp_path: Path) -> None:
    _run("report", str(LISTING), "--format", "html", "--output", str(tmp_path))
    html = (tmp_path / "two-sentence.html").read_text(encoding="utf-8")
    assert html.count(WORDS) >= 2  # the cover and the framework's own section
    assert 'class="verdict verdict-advisory"' in html
    assert 'class="verdict verdict-meets"' not in html
