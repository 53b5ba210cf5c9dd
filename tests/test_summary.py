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


EXAMPLE_FILES = ("complete.yaml", "incomplete.yaml", "fails-bc.yaml")
TITLES = (
    "Battery-Electric Vehicle Maintenance Fundamentals",
    "Introduction to Data Literacy for Small Business",
    "Heat Pump Installation and Commissioning",
)
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """Three example proposals and one malformed YAML file (an unclosed list, reported at line 4)."""
    folder = tmp_path / "intake"
    folder.mkdir()
    for name in EXAMPLE_FILES:
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "zz-bad.yaml").write_text("kind: MicroCredentialProposal\nschema_version: 1\ntitle: [x\n")
    return folder


def summary_csv(folder: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    result = run_cli("summary", str(folder), "--format", "csv", "--output", str(out), *extra, env=EPOCH)
    return result, list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_summary_verdicts_match_check(batch: Path, tmp_path: Path) -> None:
    checked = json.loads(run_cli("check", str(batch), "--format", "json").stdout)
    expected = {f["file"]: f for f in checked["files"] if not f["errors"]}
    assert len(expected) == 3

    result, rows = summary_csv(batch, tmp_path / "s.csv")
    assert result.returncode == 2, result.stderr
    # readiness order: fewest blocking clauses first; a file that could not be checked last
    blocking = [int(row["Blocking clauses"]) for row in rows[:3]]
    assert blocking == sorted(blocking) and Path(rows[0]["File"]).name == "complete.yaml"
    assert len(rows) == 4
    frameworks = sorted({v["framework"] for f in expected.values() for v in f["verdicts"]})
    header = next(csv.reader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert header[3 : 3 + len(frameworks)] == frameworks
    for row in rows[:3]:
        verdicts = {v["framework"]: v["verdict"] for v in expected[row["File"]]["verdicts"]}
        for fw in frameworks:
            assert row[fw] == verdicts.get(fw, ""), (row["File"], fw)
        findings = expected[row["File"]]["findings"]
        assert int(row["Open review items"]) == sum(1 for f in findings if f["status"] == "needs_review")
        assert row["Problem"] == ""
    assert {row["Title"] for row in rows} >= set(TITLES)

    bad = rows[-1]
    assert bad["File"].endswith("zz-bad.yaml")
    assert bad["Problem"].startswith("could not be checked: ") and "zz-bad.yaml:3:" in bad["Problem"]
    assert all(bad[fw] == "" for fw in frameworks) and bad["Error gaps"] == bad["Open review items"] == ""


def test_summary_framework_option_limits_the_columns(batch: Path, tmp_path: Path) -> None:
    result, rows = summary_csv(batch, tmp_path / "s.csv", "--framework", "bc")
    assert result.returncode == 2
    fixed = ("File", "Title", "Provider", "Open review items", "Stale rejections", "Unsigned decisions applied")
    fixed += ("Error gaps", "Warning gaps", "Blocking clauses", "Clauses met", "Clauses that apply", "Problem")
    assert [column for column in rows[0] if column not in fixed] == ["bc"]
    assert {Path(row["File"]).name: row["bc"] for row in rows}["fails-bc.yaml"] == "does_not_meet"


def test_summary_html_is_self_contained(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    result = run_cli("summary", str(batch), "--format", "html", "--output", str(out), env=EPOCH)
    assert result.returncode == 2, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 2
    assert 'aria-labelledby="chart-verdicts"' in page and 'aria-labelledby="chart-clauses"' in page
    assert '<table id="rows">' in page and page.count("<tr") == 1 + 4
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script src" not in page and "<link" not in page and "@import" not in page and "url(http" not in page
    assert "<script>" in page and "innerHTML" not in page and "fetch(" not in page
    assert "2026-01-01" in page
    for title in TITLES:
        assert title in page
    assert re.search(r'<tr class="bad">.*could not be checked: [^<]*zz-bad\.yaml:3:', page)
    # the clause chart names each failed clause with its heading from the framework file
    assert "BC-F2 Employer and community involvement" in page
    # every header sorts from the keyboard: a button inside it; rows arrive in readiness order
    headers = re.findall(r"<th [^>]*>.*?</th>", page)
    assert headers and all('<button type="button">' in th for th in headers)
    assert sum('aria-sort="ascending"' in th for th in headers) == 1
    assert "clauses met" in page
    # the file that could not be checked is named on standard error, not only in the page
    assert "zz-bad.yaml:3:" in result.stderr and "error" in result.stderr


def test_proposal_text_is_data_not_markup(tmp_path: Path) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    text = (EXAMPLES / "complete.yaml").read_text(encoding="utf-8")
    hostile = 'title: "<script>alert(1)</script> & <img src=x onerror=alert(2)>"'
    (folder / "p.yaml").write_text(text.replace("title: " + TITLES[0], hostile, 1), encoding="utf-8")
    out = tmp_path / "s.html"
    assert run_cli("summary", str(folder), "--output", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x" in page
    assert "<script>alert" not in page and "<img" not in page


def test_summary_is_deterministic(batch: Path, tmp_path: Path) -> None:
    outputs = []
    for run, jobs in enumerate(("1", "2")):
        for fmt in ("html", "csv"):
            out = tmp_path / f"{run}.{fmt}"
            result = run_cli("summary", str(batch), "--format", fmt, "--output", str(out), "--jobs", jobs, env=EPOCH)
            assert result.returncode == 2, result.stderr
            outputs.append(out.read_bytes())
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


def test_summary_pdf(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    result = run_cli("summary", str(batch), "--format", "pdf", "--output", str(out), env=EPOCH)
    assert result.returncode == 2, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for title in TITLES:
        assert title in text
    assert "zz-bad.yaml" in text
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged


def test_summary_script_parses(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "--check", str(REPO / "report_templates" / "summary.js")], capture_output=True)
    assert result.returncode == 0, result.stderr
