"""The field reference and the `init` template: docs/fields.md is generated and in sync;
the template shows every field a fix hint names, and filled in as its notes say it meets
all four Canadian frameworks, pending review."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from qa_checker.fields_doc import dotted, field_rows, fields_markdown
from qa_checker.loader import load_document
from qa_checker.scaffold import PROPOSAL_SCHEMA_ID, init_template
from qa_checker.validate import validate

from conftest import REPO, run_cli

TEMPLATE = REPO / "report_templates" / "init" / "proposal.yaml"
MODELINE = "# yaml-language-server: $schema="
FOUR = ("cican", "ecampusontario", "peqab-omc", "bc")


def filled(text: str) -> str:
    """The template as its notes say to fill it: every "# " field line uncommented,
    "##" notes kept, and no waiver (the notes say: only for an approved exception)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("## --- Approved exceptions"):
            break
        if line.startswith("# ") and not line.startswith(MODELINE):
            line = line[2:]
        out.append(line)
    return "".join(out)


def test_docs_fields_md_is_generated_from_the_model_and_rules() -> None:
    current = (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    assert current == fields_markdown(), "docs/fields.md is stale: run `.venv/bin/python scripts/gen_fields_doc.py`"


def test_the_check_script_fails_on_a_stale_file() -> None:
    import subprocess
    import sys

    script = REPO / "scripts" / "gen_fields_doc.py"
    ok = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


def test_field_reference_names_types_values_meanings_and_rules() -> None:
    rows = {row.path: row for row in field_rows()}
    assert "assessments[].maps_to" in rows and "digital_credential.issued" in rows
    assert rows["delivery_modes"].values[-1] == "placement"
    assert all(row.meaning for row in rows.values()), [p for p, r in rows.items() if not r.meaning]
    text = fields_markdown()
    line = next(line for line in text.splitlines() if line.startswith("| `training_weeks` |"))
    assert "ONT-OSAP2" in line and "BC-C2" in line
    line = next(line for line in text.splitlines() if line.startswith("| `instructional_hours` |"))
    assert "ONT-OSAP1" in line and "PEQAB-S2" in line


def test_pointer_to_dotted_path() -> None:
    assert dotted("/assessments/*/maps_to") == "assessments[].maps_to"
    assert dotted("/evidence/*") == "evidence"


def fix_hint_fields() -> set[str]:
    """Backticked names in every shipped rule's fix hint that are fields of the model
    (the last part of a dotted name, e.g. `digital_credential.platform` → platform)."""
    field_names = {row.path.rsplit(".", 1)[-1].removesuffix("[]") for row in field_rows()}
    found: set[str] = set()
    for path in sorted((REPO / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            for name in re.findall(r"`([a-z_][a-z_.]*)(?::[^`]*)?`", rule.get("fix") or ""):
                last = name.rsplit(".", 1)[-1]
                if last in field_names:
                    found.add(name)
    return found


def test_template_shows_every_field_a_fix_hint_names() -> None:
    names = fix_hint_fields()
    assert {
        "framework_ref",
        "digital_credential.platform",
        "digital_credential.embeds_evidence",
        "training_weeks",
    } <= names
    keys = set(re.findall(r"^#?\s*(?:- )?\{?([a-z_]+):", TEMPLATE.read_text(encoding="utf-8"), re.M))
    keys |= set(re.findall(r"[{,]\s*([a-z_]+):", TEMPLATE.read_text(encoding="utf-8")))
    missing = sorted(n for n in names if n.rsplit(".", 1)[-1] not in keys)
    assert missing == []


def test_template_starts_with_the_schema_line() -> None:
    first = TEMPLATE.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE + PROPOSAL_SCHEMA_ID


def test_template_as_shipped_is_a_valid_start(tmp_path: Path) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(init_template(), encoding="utf-8")
    validated = validate(load_document(path))
    assert validated.unknown == [] and validated.upgraded_from is None


@pytest.mark.parametrize("framework", FOUR)
def test_filled_template_meets_each_framework_pending_review(tmp_path: Path, framework: str) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text(filled(init_template()), encoding="utf-8")
    data = load_document(path).data
    for item in data["evidence"]:  # the documents the template names, put in place
        (tmp_path / item["path"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / item["path"]).write_bytes(b"%PDF-1.4\n")
    result = run_cli("check", "--format", "json", "--framework", framework, str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    [file] = json.loads(result.stdout)["files"]
    [verdict] = file["verdicts"]
    assert verdict["verdict"] == "meets_pending_review", [
        (f["rule_id"], f["message"]) for f in file["findings"] if f["status"] == "fail"
    ]
    assert verdict["counts"]["errors"] == verdict["counts"]["warnings"] == 0


def test_init_json_writes_json(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "new.json"))
    assert result.returncode == 0 and "docs/fields.md" in result.stderr
    data = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert data == {"kind": "MicroCredentialProposal", "schema_version": 2, "title": "Title of the micro-credential"}
    checked = run_cli("check", "--fail-on", "never", str(tmp_path / "new.json"))
    assert checked.returncode == 0 and "could not be checked" in checked.stdout + checked.stderr
    assert "0 could not be checked" in checked.stdout + checked.stderr


def test_the_french_editions_of_the_references_are_in_sync() -> None:
    """docs/fr/fields.md and docs/fr/frameworks.md are generated like the English ones."""
    import subprocess
    import sys

    for name in ("gen_fields_doc.py", "gen_frameworks_doc.py"):
        script = REPO / "scripts" / name
        done = subprocess.run(
            [sys.executable, str(script), "--lang", "fr", "--check"], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert "Cadre national sur les microcertifications" in (REPO / "docs" / "fr" / "frameworks.md").read_text(
        encoding="utf-8"
    )
