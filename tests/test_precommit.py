"""The real pre-commit hook, run by pre-commit itself against this checkout.

pre-commit clones the checkout at its current commit and installs it in its own
environment (from the package index), so this test needs the network and a commit;
it is what a course repository experiences.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def course_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "courses"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "proposals").mkdir()
    shutil.copy(EXAMPLES / "complete.yaml", repo / "proposals" / "bev-maintenance.yaml")
    shutil.copy(EXAMPLES / "incomplete.yaml", repo / "proposals" / "draft.yaml")
    (repo / ".github").mkdir()
    (repo / ".github" / "ci.yml").write_text("on: push\njobs: {build: {runs-on: ubuntu-latest}}\n")
    (repo / "package.json").write_text('{"name": "site", "version": "1.0.0"}\n')
    (repo / "broken.yaml").write_text("this: [is not: valid\n")
    rev = git("rev-parse", "HEAD", cwd=REPO)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {rev}\n    hooks:\n      - id: qa-checker\n"
    )
    git("add", "-A", cwd=repo)
    return repo


def test_hook_fails_only_because_of_the_failing_proposal(course_repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=course_repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "proposals/draft.yaml:" in output and "CICAN-P5.1" in output
    assert not re.search(r"bev-maintenance\.yaml:\d+:\d+: \S+ error", output), "the passing proposal passes"
    for unrelated in ("ci.yml", "package.json", "broken.yaml"):
        assert unrelated not in output, output

    (course_repo / "proposals" / "draft.yaml").unlink()
    git("add", "-A", cwd=course_repo)
    again = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=course_repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    assert again.returncode == 0, again.stdout + again.stderr


INSTITUTION_RULES = """\
ruleset: lakeshore
framework: cican
version: "1"
rules:
  - id: LAKE-1
    clause: CICAN-P1
    title: States a description
    requirement: should
    kind: automatic
    check:
      schema: {required: [description]}
    message: there is no description
    source: {verified: true}
    examples:
      pass: [{description: A short course}]
      fail: [FAILING]
"""


def test_rules_hook_runs_the_staged_rule_sets_own_examples(tmp_path: Path) -> None:
    repo = tmp_path / "courses"
    (repo / "qa-rules").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    staged = repo / "qa-rules" / "lakeshore.yaml"
    # Broken: the "failing" example has a description, so it passes.
    staged.write_text(INSTITUTION_RULES.replace("FAILING", "{description: oops}"), encoding="utf-8")
    rev = git("rev-parse", "HEAD", cwd=REPO)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {rev}\n    hooks:\n      - id: qa-checker-rules\n"
    )
    git("add", "-A", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "qa-checker-rules", "--verbose", "--color", "never"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=1200,
        )

    broken = hook()
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    assert "qa-rules/lakeshore.yaml:" in output and "LAKE-1" in output

    staged.write_text(INSTITUTION_RULES.replace("FAILING", "{}"), encoding="utf-8")
    git("add", "-A", cwd=repo)
    fixed = hook()
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "1 rules, 2 examples" in fixed.stdout, "the staged rule set was tested"
