"""Reports and the intake summary stay bounded in memory and time, whatever the proposal.

Recipes: reliability.md §8 (R05, R05b, S01, S02, S0w*); R05b also with a good file
after it (R05d lost that file's report). Memory is checked the hard
way: the report runs in a child process whose address space is capped at 1 GiB
(``RLIMIT_AS``), so a render that needs more fails the test instead of being measured.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from qa_checker.limits import DEFAULT_LIMITS
from qa_checker.report.bounded import MAX_ITEMS

from conftest import EXAMPLES, HEADER, run_cli

GIB = 1024**3
COMPLETE = (EXAMPLES / "complete.yaml").read_text(encoding="utf-8")


def many_outcomes(count: int) -> str:
    """The complete example with ``count`` extra one-line outcomes that two rules fail
    (R05b: 12,000 of them, about 700 KB, inside every input limit)."""
    head, tail = COMPLETE.split("\ncompetencies:\n", 1)
    extra = "".join(f"  - id: X{n}\n    statement: do the thing number {n} well\n" for n in range(count))
    return f"{head}\n{extra}competencies:\n{tail}"


_WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()


def _prose(chars: int) -> str:
    words = (_WORDS[i % len(_WORDS)] for i in range(chars))
    out = ""
    for word in words:
        if len(out) >= chars:
            break
        out += word + " "
    return out.strip()


def worst_case(size: int = DEFAULT_LIMITS.max_bytes) -> str:
    """A proposal of (almost) ``size`` bytes built to make the report as long as it can:
    long text in every list item, 60 items in every list several rules check one by
    one, evidence every evidence rule cites, and unknown fields with long names (each a
    finding about the file) filling the rest."""
    q = '"{}"'.format
    parts = [
        HEADER.replace("title: Test proposal\n", ""),
        f"title: {q(_prose(300))}\ndescription: {q(_prose(20000))}\nprovider: {{name: {q(_prose(400))}}}\n",
        "learning_outcomes:\n",
        *(f"  - {{id: LO{i}, statement: {q(_prose(1500))}}}\n" for i in range(60)),
        "competencies:\n",
        *(f"  - {{id: C{i}, label: {q(_prose(1500))}}}\n" for i in range(60)),
        "assessments:\n",
        *(f"  - {{id: A{i}, title: {q(_prose(1500))}, type: test, maps_to: [NOPE{i}]}}\n" for i in range(60)),
        "employer_partners:\n",
        *(f"  - {{name: {q(_prose(200))}}}\n" for _ in range(60)),
        "evidence:\n",
        *(
            f"  - {{id: E{i}, type: employer_letter, title: {q(_prose(1500))}, path: {q('x/' * 200)}}}\n"
            for i in range(60)
        ),
    ]
    body = "".join(parts)
    n = 0
    while len(body.encode()) < size - 3000:
        body += f"unknown_{n}_{'z' * 900}: {q(_prose(1500))}\n"
        n += 1
    return body


def _capped(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_capped(*args: str, cwd: Path, limit: int = GIB, timeout: float = 1500) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QA_CHECKER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        preexec_fn=lambda: _capped(limit),
    )


def test_proposals_at_the_size_limit_render_to_pdf_in_under_1_gib(tmp_path: Path) -> None:
    (tmp_path / "worst.yaml").write_text(worst_case(), encoding="utf-8")
    (tmp_path / "many.yaml").write_text(many_outcomes(12_000), encoding="utf-8")
    (tmp_path / "complete.yaml").write_text(COMPLETE, encoding="utf-8")
    assert len((tmp_path / "worst.yaml").read_bytes()) > DEFAULT_LIMITS.max_bytes - 4096
    # Time is not what this test is about: a generous deadline keeps a slow machine from
    # turning a memory test into a timeout.
    (tmp_path / ".qa-checker.yaml").write_text("limits: {render_seconds: 1200}\n")
    result = run_capped(
        "report", "worst.yaml", "many.yaml", "complete.yaml", "--format", "pdf", "--output", "out", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for name in ("worst", "many", "complete"):
        assert (tmp_path / "out" / f"{name}.pdf").read_bytes().startswith(b"%PDF-")


def test_long_lists_stop_with_and_n_more_and_counts_stay_whole(tmp_path: Path) -> None:
    proposal = tmp_path / "many.yaml"
    proposal.write_text(many_outcomes(2_000), encoding="utf-8")
    result = run_cli("report", str(proposal), "--format", "html", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "many.html").read_text(encoding="utf-8")
    # "What to fix": the two rules failing on every outcome are one gap (gaps.py), which
    # names MAX_ITEMS outcomes, then says how many more and where to find them all
    fixes = html[html.index('class="fixes"') : html.index('class="evidence"')]
    assert fixes.count(f"and {2_000 - MAX_ITEMS} more, not shown here") == 1
    assert f"qa-checker check {proposal} --format json" in fixes
    assert len(re.findall(r"learning_outcomes\u200b\[\d+\] \(l\. \d+\)", fixes)) == MAX_ITEMS
    # --full: each of the two rules shows MAX_ITEMS rows under its clause, then how many more
    full = run_cli("report", str(proposal), "--format", "html", "--full", "--output", str(tmp_path / "full"))
    assert full.returncode == 0, full.stderr
    html = (tmp_path / "full" / "many.html").read_text(encoding="utf-8")
    for rule in ("GP-1.3", "ECO-F3.2"):
        shown = len(re.findall(rf'<td><span class="rule-id">{re.escape(rule)}</span><br>', html))
        assert shown == MAX_ITEMS, (rule, shown)
    assert html.count(f"and {2_000 - MAX_ITEMS} more, not shown here") == 3  # the gap, two rules
    # the cover counts every failure, not only those shown
    check = run_cli("check", str(proposal), "--format", "json")
    findings = json.loads(check.stdout)["files"][0]["findings"]
    required = sum(1 for f in findings if f["status"] == "fail" and f["severity"] == "error")
    assert required >= 2_000
    assert f"In total: {required} required items not met" in html
    # identifiers no assessment measures: the first MAX_ITEMS, then "and N more"
    assert re.search(rf"X{MAX_ITEMS - 1}, and \d+ more", html)


def test_one_huge_word_in_the_summary_pdf_renders_in_bounded_time(tmp_path: Path) -> None:
    """S02: one provider name of 99,999 characters kept `summary --format pdf` busy for
    more than 400 s. The deadline is the default (120 s); the subprocess limit catches
    a hang."""
    intake = tmp_path / "intake"
    intake.mkdir()
    (intake / "p.yaml").write_text(HEADER + f"provider: {{name: {'x' * 99_999}}}\n", encoding="utf-8")
    result = run_cli("summary", str(intake), "--format", "pdf", "--output", str(tmp_path / "s.pdf"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_summary_render_runs_under_the_deadline(tmp_path: Path, fmt: str) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("limits: {render_seconds: 0.000001}\n")
    (tmp_path / "p.yaml").write_text(COMPLETE, encoding="utf-8")
    result = run_cli("summary", "p.yaml", "--format", fmt, "--output", "s.out", cwd=tmp_path)
    assert result.returncode == 2
    assert "summary: error rendering the summary took longer than 1e-06 seconds" in result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "s.out").exists()
