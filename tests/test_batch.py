"""Batches: parallel workers give the same bytes as one process; bad files don't stop it."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLES, HEADER, run_cli


def make_batch(folder: Path, copies: int = 12) -> None:
    folder.mkdir()
    for index in range(copies):
        shutil.copy(EXAMPLES / ("complete.yaml" if index % 3 else "incomplete.yaml"), folder / f"p{index:02}.yaml")
    (folder / "p99-bad.yaml").write_text(HEADER + "instructional_hours: [forty\n", encoding="utf-8")


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake")
    one = run_cli("check", str(tmp_path / "intake"), "--format", "json", "--jobs", "1")
    two = run_cli("check", str(tmp_path / "intake"), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout


def test_bad_file_in_a_batch_is_named_and_the_rest_checked(tmp_path: Path) -> None:
    make_batch(tmp_path / "intake")
    result = run_cli("check", str(tmp_path / "intake"), "--jobs", "2")
    assert result.returncode == 2
    assert f"{tmp_path / 'intake' / 'p99-bad.yaml'}:5:" in result.stdout
    assert "12 proposal(s) checked, 1 could not be checked" in result.stdout
