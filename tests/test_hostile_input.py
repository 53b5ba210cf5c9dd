"""Hostile and huge input stays bounded: memory, time, special files (reliability.md §1, §10, §11).

Every case runs the real command line in a child process with a time limit (a hang
fails the test instead of stalling the suite) and, where memory is the point, an
address-space cap set with ``resource.setrlimit`` in the child. The assertions are
what a user sees: exit code, the file and line named, the rest of the batch checked,
no traceback and no "internal error".
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES

MIB = 1024 * 1024
# The documented promise: a proposal inside every limit is checked in at most 512 MiB.
CHECK_MEMORY = 512 * MIB
HANG = 120  # seconds; only a hang gets anywhere near this

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and rlimits")


def run_capped(
    *args: str, memory: int | None = CHECK_MEMORY, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``qa-checker args`` in a child limited to ``memory`` bytes of address space."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QA_CHECKER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "qa_checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=HANG,
        preexec_fn=limit,
    )


def competencies(count: int) -> str:
    """A proposal listing ``count`` competencies without ``source``: CICAN-P3.1 (an
    ``each:`` rule) fails once per competency (reliability.md Q5000-Q60000)."""
    items = "".join(f"  - {{id: C{i}}}\n" for i in range(count))
    return f"kind: MicroCredentialProposal\nschema_version: 1\ntitle: Many\ncompetencies:\n{items}"


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]
    assert "internal error" not in output, output[-2000:]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    target = tmp_path / "good" / "complete.yaml"
    target.parent.mkdir()
    target.write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    return target


# --- §1: memory linear in the input -------------------------------------------------


def test_20000_failing_competencies_are_checked_within_512_mib(tmp_path: Path, good: Path) -> None:
    # Q20000: 6.1 GiB before; Q60000 and B14: the whole batch died of MemoryError.
    big = tmp_path / "q20000.yaml"
    big.write_text(competencies(20_000), encoding="utf-8")
    result = run_capped("check", str(big), str(good), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "2 proposals checked, 0 could not be checked" in result.stdout
    # one line per gap: the 20,000 failing competencies are one line per rule, naming a few
    assert "20000 of 20000 competencies" in result.stdout
    assert result.stdout.count(f"{big}:") < 100
    # and every per-rule finding, one line each, within the same memory cap
    by_rule = run_capped("check", str(big), str(good), "--no-fixes", "--group", "rule")
    assert_clean_failure(by_rule)
    assert by_rule.stdout.count(f"{big}:") > 20_000  # one CICAN-P3.1 line per competency, and more


def test_a_list_over_the_item_limit_is_refused_and_the_batch_goes_on(tmp_path: Path, good: Path) -> None:
    # Q60000: the 1 MiB file ended the run ("internal error"), complete.yaml never checked.
    big = tmp_path / "q60000.yaml"
    big.write_text(competencies(60_000), encoding="utf-8")
    result = run_capped("check", str(big), str(good), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 2
    # the first item over the limit: header lines 1-4, item 20,001 on line 20,005
    assert f"{big}:20005:5: error the list `competencies` has more than 20000 items" in result.stderr + result.stdout
    assert "1 proposal checked, 1 could not be checked" in result.stdout
    assert f"{good}: cican: meets" in result.stdout


def test_parallel_batch_with_a_large_proposal_keeps_every_file(tmp_path: Path) -> None:
    # B14: a worker's MemoryError aborted the parent: 9 good files lost, no output file.
    folder = tmp_path / "memb"
    folder.mkdir()
    (folder / "a_big.yaml").write_text(competencies(20_000), encoding="utf-8")
    for index in range(9):
        (folder / f"p{index}.yaml").write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    out = tmp_path / "b14.txt"
    # --group rule: every per-rule line (over 20,000) travels back from the worker
    result = run_capped("check", str(folder), "--jobs", "2", "--no-fixes", "--group", "rule", "--output", str(out))
    assert_clean_failure(result)
    assert result.returncode == 1, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "10 proposals checked, 0 could not be checked" in text
    assert text.count(f"{folder / 'a_big.yaml'}:") > 20_000
    for index in range(9):
        assert f"{folder / f'p{index}.yaml'}: cican: meets" in text


def test_each_failure_relates_only_to_its_own_item(write: Callable[..., Path]) -> None:
    # The cause of §1: every failure of an each: rule carried a copy of the whole list.
    path = write("five.yaml", competencies(5))
    result = run_capped("check", str(path), "--format", "json")
    assert_clean_failure(result)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    failing = [f for f in findings if f["rule_id"] == "CICAN-P3.1" and f["status"] == "fail"]
    assert [f["pointer"] for f in failing] == [f"/competencies/{i}/source" for i in range(5)]
    assert [f["related"] for f in failing] == [[f"/competencies/{i}"] for i in range(5)]


def oversized_json(tmp_path: Path) -> Path:
    """A JSON proposal allowed by raised limits whose loading needs far more than
    400 MiB: 2.5 million list items, each with a position to remember."""
    folder = tmp_path / "roomy"
    folder.mkdir()
    (folder / ".qa-checker.yaml").write_text(
        "limits: {max_bytes: 10000000, max_nodes: 10000000, max_items: 10000000}\n", encoding="utf-8"
    )
    big = folder / "huge.json"
    header = '{"kind": "MicroCredentialProposal", "schema_version": 1, "title": "t", "noc_codes": ['
    big.write_text(header + ",".join(["0"] * 2_500_000) + "]}", encoding="utf-8")
    return big


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_running_out_of_memory_is_that_files_error(tmp_path: Path, jobs: str) -> None:
    big = oversized_json(tmp_path)
    good = big.parent / "complete.yaml"
    good.write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    result = run_capped("check", str(big), str(good), "--jobs", jobs, "--no-fixes", memory=400 * MIB)
    assert_clean_failure(result)
    assert result.returncode == 2
    assert f"{big}: error could not be checked: not enough memory" in result.stdout + result.stderr
    assert "1 proposal checked, 1 could not be checked" in result.stdout
    assert f"{good}: cican: meets" in result.stdout


# --- §11: named pipes and devices, a deadline per file ------------------------------


def test_a_named_pipe_given_as_a_proposal_is_refused_unopened(tmp_path: Path, good: Path) -> None:
    # F01: blocked forever.
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = run_capped("check", str(fifo), str(good), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 2
    assert f"{fifo}: error is not a regular file (a named pipe, device or socket)" in result.stdout + result.stderr
    assert "1 proposal checked, 1 could not be checked" in result.stdout


def test_a_named_pipe_as_review_file_is_refused_unopened(tmp_path: Path) -> None:
    # D12: a FIFO named <proposal>.review.yaml blocked checking of the proposal.
    proposal = tmp_path / "d12.yaml"
    proposal.write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    os.mkfifo(tmp_path / "d12.review.yaml")
    result = run_capped("check", str(proposal), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 2
    assert f"{tmp_path / 'd12.review.yaml'}: error is not a regular file" in result.stdout + result.stderr


def test_pre_commit_mode_does_not_open_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "hook.yaml"
    os.mkfifo(fifo)
    result = run_capped("check", "--only-proposals", str(fifo))
    assert_clean_failure(result)
    assert result.returncode == 2
    assert "is not a regular file" in result.stdout + result.stderr


def test_import_refuses_a_named_pipe_and_a_device(tmp_path: Path) -> None:
    # V08: a FIFO given to import blocked; V12: /dev/zero was read until MemoryError.
    fifo = tmp_path / "sheet.csv"
    os.mkfifo(fifo)
    for source in (str(fifo), "/dev/zero"):
        result = run_capped("import", source, "--output", str(tmp_path / "out"))
        assert_clean_failure(result)
        assert result.returncode == 2
        assert f"{source}: error is not a regular file" in result.stderr


def test_a_device_given_as_a_proposal_is_refused(good: Path) -> None:
    result = run_capped("check", "/dev/zero", str(good), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 2
    assert "/dev/zero: error is not a regular file" in result.stdout + result.stderr
    assert "1 proposal checked, 1 could not be checked" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_check_past_its_deadline_is_stopped_and_the_batch_goes_on(tmp_path: Path, jobs: str) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("limits:\n  check_seconds: 0.5\n", encoding="utf-8")
    slow = tmp_path / "slow.yaml"
    # Tens of seconds of work here; the test itself takes half a second of it.
    outcomes = "".join(f"  - {{id: LO{i}}}\n" for i in range(20_000))
    slow.write_text(competencies(20_000) + "learning_outcomes:\n" + outcomes, encoding="utf-8")
    good = tmp_path / "complete.yaml"
    good.write_bytes((EXAMPLES / "complete.yaml").read_bytes())
    result = run_capped("check", str(slow), str(good), "--jobs", jobs, "--no-fixes", cwd=tmp_path)
    assert_clean_failure(result)
    assert result.returncode == 2
    expected = f"{slow}: error could not be checked: took longer than 0.5 s and was stopped (limit: check_seconds)"
    assert expected in result.stdout + result.stderr
    assert "1 proposal checked, 1 could not be checked" in result.stdout


# --- §10: limits for JSON, whatever YAML makes of the text --------------------------

LONG_KEY = '"' + "k" * 1100 + '": 1, '  # YAML cannot read this key: its pre-walk used to fail
HEADER = '"kind": "MicroCredentialProposal", "schema_version": 1, "title": "t", '


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('"x":\n ' + "[" * 500 + "1" + "]" * 500, "2:65: error nesting is deeper than 64 levels"),
        ('"noc_codes":\n [' + ",".join(['"1"'] * 20_001) + "]", "error the list `noc_codes` has more than 20000 items"),
        ('"x":\n [' + ",".join(["[1,1,1,1,1,1,1,1,1]"] * 21_000) + "]", "error expands to more than 200000 values"),
        ('"description":\n "' + "y" * 100_001 + '"', "2:2: error a text value is longer than 100000 characters"),
    ],
    ids=["depth", "items", "nodes", "string"],
)
def test_json_limits_hold_with_a_key_yaml_cannot_read(write: Callable[..., Path], body: str, message: str) -> None:
    # L53: with the long key, depth 500, 200k items and a 300k-character string were accepted.
    path = write("L53.json", "{" + LONG_KEY + HEADER + body + "}")
    result = run_capped("check", str(path), "--no-fixes")
    assert_clean_failure(result)
    assert result.returncode == 2
    assert f"{path}:" in result.stdout + result.stderr
    assert message in result.stdout + result.stderr
