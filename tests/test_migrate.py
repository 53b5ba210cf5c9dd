"""`qa-checker migrate`: format 1 files rewritten as format 2, with the same verdicts.

The central property: for every format 1 proposal in examples/ and tests/, the migrated
text validates against the format 2 JSON Schema and gives exactly the findings and
verdicts the original gives (the original is upgraded on load by the same mapping).
"""

from __future__ import annotations

import json
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from qa_checker.loader import load_document
from qa_checker.migration import upgrade
from qa_checker.scaffold import proposal_schema

from conftest import EXAMPLES, REPO, run_cli

V1_COMPLETE = REPO / "tests" / "data" / "v1" / "complete-v1.yaml"


def _is_v1_proposal(path: Path) -> bool:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("kind") == "MicroCredentialProposal" and data.get("schema_version") == 1


V1_FILES = sorted(p for folder in (EXAMPLES, REPO / "tests") for p in folder.rglob("*.yaml") if _is_v1_proposal(p))


def test_there_are_format_1_files_to_migrate() -> None:
    # the listings and the kept format 1 example: the property below is not vacuous
    assert len(V1_FILES) >= 10 and V1_COMPLETE in V1_FILES


def _findings(result: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[Any, ...]]]:
    verdicts = sorted((v["framework"], v["verdict"]) for v in result["verdicts"])
    findings = sorted(
        (f["rule_id"], f["status"], f["severity"], f["pointer"], f["message"], f["line"])
        for f in result["findings"]
        if f["rule_id"] != "QA-FORMAT-OLD"
    )
    return verdicts, findings


@cache
def migrated_batch(tmp: str) -> dict[str, Any]:
    """Each format 1 file and its migrated copy side by side (same folder layout, so
    evidence paths resolve alike), all checked in one run against every rule set."""
    root = Path(tmp)
    pairs = []
    for index, source in enumerate(V1_FILES):
        folder = root / f"f{index}"
        folder.mkdir()
        original = folder / "original.yaml"
        original.write_bytes(source.read_bytes())
        out = run_cli("migrate", str(original))
        assert out.returncode == 0, out.stderr
        (folder / "migrated.yaml").write_text(out.stdout, encoding="utf-8")
        pairs.append(folder)
    frameworks = ["cican", "ecampusontario", "peqab-omc", "bc", "good-practice", "on-osap"]
    args = ["check", "--format", "json", "--fail-on", "never", *(a for f in frameworks for a in ("--framework", f))]
    result = run_cli(*args, *(str(p / name) for p in pairs for name in ("original.yaml", "migrated.yaml")))
    assert result.returncode == 0, result.stderr
    return {f["file"]: f for f in json.loads(result.stdout)["files"]}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return migrated_batch(str(tmp_path_factory.mktemp("migrate")))


@pytest.mark.parametrize("source", V1_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_migrated_file_validates_and_gives_the_same_findings(source: Path, batch: dict[str, Any]) -> None:
    index = V1_FILES.index(source)
    original = next(v for k, v in batch.items() if k.endswith(f"f{index}/original.yaml"))
    migrated = next(v for k, v in batch.items() if k.endswith(f"f{index}/migrated.yaml"))
    assert original["status"] == migrated["status"] == "checked", (original["errors"], migrated["errors"])
    assert _findings(migrated) == _findings(original)
    # the original says it is in the old format; the migrated file does not
    assert [f["rule_id"] for f in original["findings"]].count("QA-FORMAT-OLD") == 1
    assert "QA-FORMAT-OLD" not in [f["rule_id"] for f in migrated["findings"]]
    # read as qa-checker reads YAML (1.2: `ON` is text, where PyYAML would say true)
    data = load_document(Path(migrated["file"])).data
    jsonschema.validate(data, proposal_schema())
    assert data["schema_version"] == 2


def test_comments_and_layout_are_kept(tmp_path: Path) -> None:
    out = run_cli("migrate", str(V1_COMPLETE))
    assert out.returncode == 0 and "comments kept" in out.stderr
    before, after = V1_COMPLETE.read_text(encoding="utf-8").splitlines(), out.stdout.splitlines()
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [
        ("schema_version: 1", "schema_version: 2"),
        ("language: en-CA", "languages: [en-CA]"),
        ("duration_weeks: 6", "training_weeks: 6"),
        ("delivery_mode: blended", "delivery_modes: [blended]"),
    ]


def test_upgrade_is_pure_and_only_reshapes() -> None:
    v1 = {
        "kind": "MicroCredentialProposal",
        "schema_version": 1,
        "title": "T",
        "language": "fr-CA",
        "duration_weeks": 4,
        "delivery_mode": "online",
        "credits": {"value": 15, "system": "NZQCF"},
        "instructional_hours": 20,
    }
    kept = deepcopy(v1)
    new = upgrade(v1)
    assert v1 == kept
    assert new.data == {
        "kind": "MicroCredentialProposal",
        "schema_version": 2,
        "title": "T",
        "languages": ["fr-CA"],
        "training_weeks": 4,
        "delivery_modes": ["online"],
        "credits": {"value": 15, "system": "NZ_credits"},
        "instructional_hours": 20,
    }
    assert list(new.data) == [
        "kind",
        "schema_version",
        "title",
        "languages",
        "training_weeks",
        "delivery_modes",
        "credits",
        "instructional_hours",
    ]
    assert new.moved["/languages/0"] == "/language"


def test_a_layout_the_line_edit_cannot_keep_is_written_fresh(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    text = "# my notes\nkind: MicroCredentialProposal\nschema_version: 1\ntitle: T\nlanguage: >-\n  en-CA\n"
    source.write_text(text, encoding="utf-8")
    out = run_cli("migrate", str(source))
    assert out.returncode == 0 and "written fresh" in out.stderr
    assert out.stdout.startswith("# Rewritten in proposal format 2 by `qa-checker migrate`.")
    assert yaml.safe_load(out.stdout) == upgrade(yaml.safe_load(text)).data
    assert source.read_text(encoding="utf-8") == text  # never overwritten without --in-place


def test_json_is_written_as_json(tmp_path: Path) -> None:
    source = tmp_path / "p.json"
    source.write_text(
        json.dumps({"kind": "MicroCredentialProposal", "schema_version": 1, "title": "T", "language": "en"})
    )
    out = run_cli("migrate", str(source))
    assert out.returncode == 0
    assert json.loads(out.stdout) == {
        "kind": "MicroCredentialProposal",
        "schema_version": 2,
        "title": "T",
        "languages": ["en"],
    }


def test_in_place_and_output_folder(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text("kind: MicroCredentialProposal\nschema_version: 1\ntitle: T\nduration_weeks: 3 # short\n")
    several = run_cli("migrate", str(first), str(second))
    assert several.returncode == 2 and "--output DIR" in several.stderr
    out = run_cli("migrate", str(first), str(second), "--output", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "a.yaml").read_text().endswith("training_weeks: 3 # short\n")
    assert first.read_text().endswith("duration_weeks: 3 # short\n")
    again = run_cli("migrate", str(first), "--output", str(tmp_path / "out"))
    assert again.returncode == 2 and "exists; pass --force" in again.stderr
    in_place = run_cli("migrate", "--in-place", str(first))
    assert in_place.returncode == 0
    assert "schema_version: 2" in first.read_text()
    twice = run_cli("migrate", "--in-place", str(first))
    assert twice.returncode == 0 and "already in proposal format 2" in twice.stderr


def test_a_file_that_is_not_a_proposal_is_that_files_error(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("name: not a proposal\n")
    out = run_cli("migrate", str(other))
    assert out.returncode == 2 and str(other) in out.stderr and "Traceback" not in out.stderr


def test_odd_values_are_reshaped_without_a_crash() -> None:
    odd = {"kind": "MicroCredentialProposal", "schema_version": 1, "title": "T", "credits": {"system": ["NZQCF"]}}
    assert upgrade(odd).data["credits"] == {"system": ["NZQCF"]}
    assert upgrade({**odd, "language": None}).data["languages"] is None
