"""Rule sets test themselves, and a broken rule set stops the run with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli

GOOD_RULE = """\
  - id: INST-1
    clause: CICAN-P1
    title: States its relationship to formal credentials
    requirement: should
    kind: automatic
    check:
      schema: {required: [relationship_to_formal_credential]}
    message: the relationship to formal credentials is not stated
    source: {url: "https://example.invalid/policy", verified: true}
    examples:
      pass:
        - {relationship_to_formal_credential: standalone}
      fail:
        - {}
"""

HEAD = """\
ruleset: institution
framework: cican
version: "1"
title: Our own rules
rules:
"""


def rules_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "institution.yaml").write_text(HEAD + body, encoding="utf-8")
    return folder


def test_shipped_rules_pass_their_own_examples() -> None:
    result = run_cli("test-rules")
    assert result.returncode == 0, result.stdout + result.stderr


def test_institution_rules_are_used_by_check(tmp_path: Path) -> None:
    folder = rules_dir(tmp_path, GOOD_RULE)
    assert run_cli("test-rules", str(folder)).returncode == 0
    result = run_cli(
        "check",
        str(EXAMPLES / "incomplete.yaml"),
        "--rules",
        str(folder),
        "--framework",
        "institution",
        "--format",
        "json",
    )
    assert '"rule_id": "INST-1"' in result.stdout


def test_a_failing_example_that_passes_is_named(tmp_path: Path) -> None:
    wrong = GOOD_RULE.replace(
        "      fail:\n        - {}", "      fail:\n        - {relationship_to_formal_credential: alternate}"
    )
    folder = rules_dir(tmp_path, wrong)
    result = run_cli("test-rules", str(folder))
    assert result.returncode == 1
    assert "INST-1" in result.stdout
    assert "institution.yaml:" in result.stdout


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("schema: {required: [relationship_to_formal_credential]}", "builtin: no_such_check"), 12, "no_such_check"),
        (("clause: CICAN-P1", "clause: CICAN-P99"), 7, "CICAN-P99"),
        (("requirement: should", "requirement: shall"), 9, "shall"),
        (("kind: automatic", "kind: automatic\n    colour: blue"), 11, "colour"),
    ],
)
def test_broken_rule_file_is_a_load_error(tmp_path: Path, change: tuple[str, str], line: int, words: str) -> None:
    folder = rules_dir(tmp_path, GOOD_RULE.replace(*change))
    result = run_cli("check", str(EXAMPLES / "complete.yaml"), "--rules", str(folder))
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert f"institution.yaml:{line}:" in output, output
    assert words in output
    assert "Traceback" not in output


def test_duplicate_rule_id_is_a_load_error(tmp_path: Path) -> None:
    folder = rules_dir(tmp_path, GOOD_RULE + GOOD_RULE)
    result = run_cli("rules", "--rules", str(folder))
    assert result.returncode == 2
    assert "institution.yaml:20:" in result.stdout + result.stderr
    assert "INST-1" in result.stdout + result.stderr


def test_extends_can_switch_a_rule_off_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "ext"
    folder.mkdir()
    (folder / "ours.yaml").write_text(
        "ruleset: cican-ours\nframework: cican\nversion: '1'\ntitle: CICan as we apply it\n"
        "extends: cican\noverrides:\n  CICAN-P4: {disabled: true, reason: Not offered by our institution}\n"
        "rules: []\n",
        encoding="utf-8",
    )
    result = run_cli(
        "check",
        str(EXAMPLES / "incomplete.yaml"),
        "--rules",
        str(folder),
        "--framework",
        "cican-ours",
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "CICAN-P4 " not in result.stdout
    assert "CICAN-P2.1" in result.stdout


def test_rule_file_cache_never_hides_an_edit(tmp_path: Path) -> None:
    folder = rules_dir(tmp_path, GOOD_RULE)
    env = {"QA_CHECKER_CACHE_DIR": str(tmp_path / "cache")}
    assert run_cli("rules", "--rules", str(folder), env=env).returncode == 0
    assert any((tmp_path / "cache").iterdir()), "validated files are cached"
    (folder / "institution.yaml").write_text(HEAD + GOOD_RULE.replace("kind: automatic", "kind: automatc"))
    result = run_cli("rules", "--rules", str(folder), env=env)
    assert result.returncode == 2 and "institution.yaml:10:" in result.stdout + result.stderr
