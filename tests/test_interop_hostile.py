"""Hostile or broken badges: a clear input error (exit code 2, file and line), never a
traceback, never a silent pass, in both ``check`` and ``import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa_checker.cli import cli
from qa_checker.interop.ob3 import CONTEXT

DATA = Path(__file__).parent / "data" / "interop"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    # a handled input error ends in SystemExit; anything else would be a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    return result.exit_code, text


def both(badge: Path, tmp_path: Path) -> list[tuple[int, str]]:
    """``check`` and ``import`` of ``badge``."""
    return [run("check", str(badge), "-f", "cican"), run("import", str(badge), "--output", str(tmp_path / "out"))]


def write(tmp_path: Path, text: str, name: str = "badge.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_deeply_nested_json_is_refused_with_its_line(tmp_path: Path) -> None:
    deep = '{"@context": ' + json.dumps(CONTEXT) + ', "type": ["Achievement"], "tag": ' + "[" * 500 + "]" * 500 + "}"
    badge = write(tmp_path, deep)
    for code, text in both(badge, tmp_path):
        assert code == 2
        assert f"{badge}:1:" in text
        assert "deeper than" in text


def test_a_huge_json_file_is_refused(tmp_path: Path) -> None:
    achievement = json.loads((DATA / "achievement.json").read_text(encoding="utf-8"))
    achievement["tag"] = ["x" * 1000] * 2000  # about 2 MB, over the 1 MiB default limit
    badge = write(tmp_path, json.dumps(achievement))
    for code, text in both(badge, tmp_path):
        assert code == 2
        assert str(badge) in text
    assert not (tmp_path / "out" / "badge.yaml").exists()


def test_wrong_types_are_input_errors_at_their_lines(tmp_path: Path) -> None:
    badge = write(
        tmp_path,
        "{\n"
        f'  "@context": {json.dumps(CONTEXT)},\n'
        '  "type": ["Achievement"],\n'
        '  "id": "https://example.edu/a",\n'
        '  "name": 42,\n'
        '  "description": "d",\n'
        '  "criteria": {"narrative": "pass"},\n'
        '  "alignment": [{"targetName": "PPE", "targetUrl": ["not", "a", "url"]}]\n'
        "}\n",
    )
    for code, text in both(badge, tmp_path):
        assert code == 2
        assert f"{badge}:5:" in text and "`name` must be a JSON string" in text
        assert f"{badge}:8:" in text and "`alignment[0].targetUrl`" in text
    assert not (tmp_path / "out" / "badge.yaml").exists()  # nothing half-imported


@pytest.mark.parametrize(
    "document",
    [
        # OB3 context, a credential type, but the achievement is only a reference
        {"@context": CONTEXT, "type": ["OpenBadgeCredential"], "credentialSubject": {"achievement": "urn:x"}},
        # OB3 context, no type the tool reads
        {"@context": CONTEXT, "type": ["Profile"], "name": "An issuer"},
        # CTDL context, an organisation only
        {"@context": "http://credreg.net/ctdl/schema/context/json", "@type": "ceterms:CredentialOrganization"},
    ],
)
def test_a_file_that_looks_like_a_badge_but_is_not_is_a_clear_error(tmp_path: Path, document: object) -> None:
    badge = write(tmp_path, json.dumps(document, indent=2))
    for code, text in both(badge, tmp_path):
        assert code == 2
        assert f"{badge}:" in text
        assert "names" in text and "in its @context" in text


@pytest.mark.parametrize("text", ["[1, 2, 3]", '"a string"', "{not json", ""])
def test_json_that_is_no_object_at_all_is_refused_on_import(tmp_path: Path, text: str) -> None:
    badge = write(tmp_path, text)
    code, out = run("import", str(badge), "--output", str(tmp_path / "out"))
    assert code == 2
    assert str(badge) in out


def test_a_sidecar_that_is_not_a_mapping_is_the_sidecars_error(tmp_path: Path) -> None:
    badge = write(tmp_path, (DATA / "achievement.json").read_text(encoding="utf-8"))
    write(tmp_path, "- transcript_recorded\n", "badge.qa.yaml")
    code, text = run("check", str(badge), "-f", "cican")
    assert code == 2
    assert f"{tmp_path / 'badge.qa.yaml'}:1:" in text
