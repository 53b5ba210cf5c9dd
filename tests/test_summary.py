"""The QA board's intake: a batch of generated proposals with one malformed file gives
one report per good proposal, an intake summary, a non-zero exit, and the bad file named
with its line."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, REPO, run_cli

GENERATOR = REPO / "benchmarks" / "generate.py"


@pytest.fixture
def intake(tmp_path: Path) -> Path:
    folder = tmp_path / "intake"
    if not GENERATOR.exists():
        pytest.skip("benchmarks/ is not in this distribution")
    subprocess.run(
        [sys.executable, str(GENERATOR), "--n", "5", "--malformed", "1", "--seed", "7", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def malformed_file(folder: Path) -> Path:
    result = run_cli("check", str(folder), "--format", "json")
    bad = [f for f in json.loads(result.stdout)["files"] if f["errors"]]
    assert len(bad) == 1
    return Path(bad[0]["file"])


def test_batch_reports_and_summary_with_one_malformed_file(intake: Path, tmp_path: Path) -> None:
    bad = malformed_file(intake)
    good = sorted(p for p in intake.glob("*.yaml") if p != bad)
    assert len(good) == 4

    reports = run_cli("report", str(intake), "--output", str(tmp_path / "reports"), "--format", "html", "--jobs", "2")
    assert reports.returncode == 2
    assert sorted(p.stem for p in (tmp_path / "reports").iterdir()) == sorted(p.stem for p in good)
    assert re.search(re.escape(str(bad)) + r":\d+:", reports.stderr), reports.stderr

    summary = run_cli("summary", str(intake), "--format", "csv", "--output", "-")
    assert summary.returncode == 2
    rows = list(csv.reader(io.StringIO(summary.stdout)))
    assert len(rows) == 1 + 5
    bad_row = next(r for r in rows if r[0] == str(bad))
    assert re.search(re.escape(str(bad)) + r":\d+:", bad_row[-1])


def test_summary_verdicts_match_check(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    for name in ("complete.yaml", "incomplete.yaml", "fails-bc.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "zz-bad.yaml").write_text("kind: MicroCredentialProposal\nschema_version: 1\ntitle: [x\n")
    checked = json.loads(run_cli("check", str(folder), "--format", "json").stdout)
    expected = {f["file"]: {v["framework"]: v["verdict"] for v in f["verdicts"]} for f in checked["files"]}

    result = run_cli("summary", str(folder), "--format", "csv", "--output", str(tmp_path / "s.csv"))
    assert result.returncode == 2
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    frameworks = sorted({fw for verdicts in expected.values() for fw in verdicts})
    for row in rows:
        for fw in frameworks:
            assert row[fw] == expected[row["File"]].get(fw, ""), (row["File"], fw)
    assert rows[-1]["File"].endswith("zz-bad.yaml") and "zz-bad.yaml:4:" in rows[-1]["Problem"]


def test_summary_html_is_self_contained_and_deterministic(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    for name in ("complete.yaml", "incomplete.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    first = run_cli("summary", str(folder), "--output", "-", env=env).stdout
    second = run_cli("summary", str(folder), "--output", "-", env=env).stdout
    assert first == second
    assert first.count("<svg") == 2 and 'id="rows"' in first and "<script>" in first
    assert not re.search(r'(src|href)="https?:', first) and "<script src" not in first
    assert "Battery-Electric Vehicle Maintenance Fundamentals" in first


def test_summary_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    shutil.copy(EXAMPLES / "complete.yaml", folder / "complete.yaml")
    out = tmp_path / "summary.pdf"
    assert run_cli("summary", str(folder), "--format", "pdf", "--output", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Battery-Electric" in text
