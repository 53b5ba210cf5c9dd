"""Proposal text cannot forge lines or markup in text, JUnit, SARIF and GitHub output.

Recipes: reliability.md §13 (L35, O-junit, O-ghsum). The proposal puts an escape
sequence, a newline followed by a fake finding line, a bidirectional override and
characters XML 1.0 forbids into a value the messages echo (an unknown target).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from conftest import HEADER, run_cli

FORGED = "REAL.yaml:1:1: CICAN-P1 error forged finding"
HOSTILE = HEADER + (
    'description: "bell \\a and \\x0c form feed"\n'
    # An unknown ID in maps_to is quoted back in CICAN-P5.3's message: the vehicle for the
    # hostile text (an unknown target used to be, before unknown targets became errors).
    "targets: [cican]\nassessments:\n  - id: A1\n    summative: true\n"
    f'    maps_to: ["zz\\e[2J\\n{FORGED}\\r\\u202eevil\\x01\\x7f\\x85"]\n'
)
RAW = ("\x1b", "\r", "\u202e", "\x01", "\x7f", "\x85")


def _hostile(write: Callable[..., Path]) -> Path:
    return write("L35_ansi.yaml", HOSTILE)


def test_text_output_has_no_raw_control_characters_or_forged_lines(write: Callable[..., Path]) -> None:
    path = _hostile(write)
    result = run_cli("check", str(path))
    assert result.returncode == 1, result.stderr
    for char in RAW:
        assert char not in result.stdout
    assert not any(line.startswith("REAL.yaml") for line in result.stdout.splitlines())
    assert "zz\\x1b[2J\\nREAL.yaml:1:1" in result.stdout  # shown, escaped, on the finding's own line


def test_error_lines_escape_the_file_name(write: Callable[..., Path], tmp_path: Path) -> None:
    """A file name is proposal-controlled too (in a batch, a submitted file's name)."""
    bad = write("x\nREAL.yaml:1:1: forged.yaml", "kind: [\n")
    result = run_cli("check", str(bad))
    assert result.returncode == 2
    assert not any(line.startswith("REAL.yaml") for line in result.stdout.splitlines())
    assert "x\\nREAL.yaml" in result.stdout


def test_junit_is_well_formed_xml_and_keeps_the_value_visible(write: Callable[..., Path], tmp_path: Path) -> None:
    path = _hostile(write)
    out = tmp_path / "out.junit.xml"
    result = run_cli("check", str(path), "--format", "junit", "--output", str(out))
    assert result.returncode == 1, result.stderr
    root = ET.parse(out).getroot()  # raises on a document that is not well-formed
    failures = [f for f in root.iter("failure") if "zz" in (f.get("message") or "")]
    assert failures
    for failure in failures:
        assert "\\x1b[2J\\nREAL.yaml" in (failure.get("message") or "")
        lines = (failure.text or "").splitlines()
        assert not any(line.startswith("REAL.yaml") for line in lines)


def test_junit_well_formed_for_a_file_that_cannot_be_read(write: Callable[..., Path], tmp_path: Path) -> None:
    bad = write("bad\x1b.yaml", "kind: [\n")
    out = tmp_path / "out.xml"
    result = run_cli("check", str(bad), "--format", "junit", "--output", str(out))
    assert result.returncode == 2
    errors = list(ET.parse(out).getroot().iter("error"))
    assert errors and "bad\\x1b.yaml" in (errors[0].text or "")


def test_sarif_messages_carry_no_control_characters(write: Callable[..., Path], tmp_path: Path) -> None:
    path = _hostile(write)
    result = run_cli("check", str(path), "--format", "sarif")
    assert result.returncode == 1, result.stderr
    results = json.loads(result.stdout)["runs"][0]["results"]
    texts = [r["message"]["text"] for r in results]
    assert any("zz\\x1b[2J\\nREAL.yaml" in t for t in texts)
    for text in texts:
        assert not any(char in text for char in (*RAW, "\n"))


def test_github_annotations_escape_control_characters(write: Callable[..., Path]) -> None:
    path = _hostile(write)
    result = run_cli("check", str(path), "--format", "github")
    assert result.returncode == 1, result.stderr
    for char in RAW:
        assert char not in result.stdout
    assert all(line.startswith("::") or not line for line in result.stdout.splitlines()[:-1])
    assert not any(line.startswith("REAL.yaml") for line in result.stdout.splitlines())


def test_github_step_summary_keeps_markdown_as_text(write: Callable[..., Path], tmp_path: Path) -> None:
    hostile = "a`b ![i](http://127.0.0.1:1/m.png) <img src=x> **bold**"
    path = write("gh.yaml", HEADER + f'targets: [cican]\nassessments:\n  - {{id: A1, maps_to: ["{hostile}"]}}\n')
    summary = tmp_path / "step.md"
    result = run_cli("check", str(path), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    text = summary.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "m.png" in line)
    unescaped = re.compile(r"(?<!\\)(!\[|<img|\*\*|`b)")  # markup a renderer would act on
    assert not unescaped.search(row), row
    assert "\\!\\[i\\]" in row and "\\<img" in row and "a\\`b" in row
