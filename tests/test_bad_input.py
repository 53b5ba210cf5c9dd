"""Every kind of bad input: one clear line naming the file (and line), exit code 2,
the rest of the batch still checked, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, HEADER, run_cli

CASES: dict[str, tuple[str, bytes | str, int | None]] = {
    # name: (file name, content, expected line or None)
    "empty": ("empty.yaml", "", None),
    "not yaml": ("prose.yaml", "kind: MicroCredentialProposal\n  title: [unclosed\n: : :\n", 2),
    "binary": ("binary.yaml", bytes(range(256)) * 4, 1),
    "not utf-8": ("latin1.yaml", (HEADER + "description: caf\xe9\n").encode("latin-1"), 4),
    "top-level list": ("list.yaml", "- kind: MicroCredentialProposal\n", 1),
    "top-level scalar": ("scalar.yaml", "just words\n", 1),
    "no header": ("other.yaml", "name: some other config\n", 1),
    "duplicate keys": ("dup.yaml", HEADER + "instructional_hours: 10\ninstructional_hours: 20\n", 5),
    "object tag": ("tag.yaml", HEADER + "description: !!python/object/apply:os.system ['echo pwned']\n", 4),
    "alias bomb": (
        "bomb.yaml",
        HEADER
        + "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"{c}: &{c} [{','.join(['*' + chr(ord(c) - 1)] * 10)}]\n" for c in "bcdefgh"),
        None,
    ),
    "deep nesting": ("deep.yaml", HEADER + "description: " + "[" * 50_000 + "\n", 4),
    "very large": ("large.yaml", HEADER + "description: " + "x" * 2_000_000 + "\n", None),
    "wrong type": ("type.yaml", HEADER + "instructional_hours: forty\n", 4),
    "json syntax": ("bad.json", '{"kind": "MicroCredentialProposal",', 1),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_clear_error(case: str, write: Callable[..., Path]) -> None:
    name, content, line = CASES[case]
    path = write(name, content)
    result = run_cli("check", str(path), "--group", "rule")  # findings name their rule, unlike input errors
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # input errors only (``file:line:col: error ...``), not rule findings, which a wrong
    # type no longer hides (partial results)
    errors = [
        e
        for e in (result.stdout + result.stderr).splitlines()
        if e.startswith(str(path)) and re.match(r"(:\d+)*: error ", e[len(str(path)) :])
    ]
    assert len(errors) == 1, result.stdout + result.stderr
    if line is not None:
        assert errors[0].startswith(f"{path}:{line}:"), errors[0]


def test_batch_goes_on_after_a_bad_file(write: Callable[..., Path]) -> None:
    bad = write("a-bad.yaml", HEADER + "instructional_hours: forty\n")
    good = EXAMPLES / "complete.yaml"
    result = run_cli("check", str(bad), str(good), "--format", "json")
    assert result.returncode == 2
    import json

    report = json.loads(result.stdout)
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file[str(bad)]["status"] == "error"
    assert by_file[str(good)]["verdicts"], "the good file was still checked"


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "nope.yaml" in result.stdout + result.stderr
    (tmp_path / "unrelated.yaml").write_text("name: ci config\n")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2 and "no proposal files" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_folder_scan_skips_unrelated_yaml(write: Callable[..., Path], tmp_path: Path) -> None:
    write("ci/config.yaml", "jobs: [build]\n")
    write("notes.yaml", "- a list, not a proposal\n")
    write("proposals/p.yaml", HEADER)
    result = run_cli("check", str(tmp_path), "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "config.yaml" not in result.stdout + result.stderr


def test_nothing_is_overwritten_on_bad_input(write: Callable[..., Path], tmp_path: Path) -> None:
    bad = write("bad.yaml", "")
    out = write("out.json", "previous results\n")
    result = run_cli("check", str(bad), "--format", "json", "--output", str(out))
    assert result.returncode == 2
    assert out.read_text() != "" and "Traceback" not in result.stderr


def test_bad_option_is_usage_error() -> None:
    result = run_cli("check", str(EXAMPLES / "complete.yaml"), "--framework", "nope")
    assert result.returncode == 2 and "nope" in result.stderr
    assert "Traceback" not in result.stderr
