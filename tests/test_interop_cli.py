"""Badges and registry documents: check, import and export, offline (issue #17)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from qa_checker.cli import cli
from qa_checker.interop.validate import problems

DATA = Path(__file__).parent / "data" / "interop"
ROOT = Path(__file__).resolve().parents[1]
CTID = "ce-1b2c3d4e-0000-4000-8000-00000000a114"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def complete(tmp_path: Path) -> Path:
    """examples/complete.yaml with a CTID and a configured base URI."""
    text = (ROOT / "examples" / "complete.yaml").read_text(encoding="utf-8")
    text = text.replace("registry_listing:\n", f"registry_listing:\n  - registry: CER\n    id: {CTID}\n", 1)
    (tmp_path / "complete.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".qa-checker.yaml").write_text("interop:\n  base_uri: https://example.edu/issuer\n", encoding="utf-8")
    return tmp_path / "complete.yaml"


def test_ob3_export_is_a_valid_credential_when_wrapped(complete: Path) -> None:
    code, out, _ = run("export", str(complete), "--to", "ob3", "--credential")
    assert code == 0
    document = json.loads(out)
    assert problems("OB3", document) == []
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["name"] == "Battery-Electric Vehicle Maintenance Fundamentals"
    # complete.yaml's non-URL framework_refs are left out, with a word each
    assert all(a["targetUrl"].startswith("http") for a in achievement.get("alignment", []))


def test_ob3_export_left_out_alignments_are_named(complete: Path) -> None:
    code, _, err = run("export", str(complete), "--to", "ob3", "--check")
    assert code == 0
    assert "an OB3 alignment needs a URL" in err
    assert "valid against the OB3 schema" in err


def test_ctdl_export_validates(complete: Path) -> None:
    code, out, _ = run("export", str(complete), "--to", "ctdl")
    assert code == 0
    document = json.loads(out)
    assert document["@type"] == "ceterms:MicroCredential"
    assert document["ceterms:ctid"] == CTID
    assert problems("CTDL", document) == []


def test_ctdl_export_without_ctid_names_the_field(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    source.write_text((ROOT / "examples" / "complete.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("export", str(source), "--to", "ctdl")
    assert code == 2
    assert "needs its CTID" in err
    assert f"{source}:" in err


def test_ob3_export_without_identifier_is_an_error_not_a_minted_id(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    source.write_text(
        "kind: MicroCredentialProposal\nschema_version: 2\ntitle: T\ndescription: D\ncode: X1\n"
        "completion_criteria:\n  description: pass\n",
        encoding="utf-8",
    )
    code, out, err = run("export", str(source), "--to", "ob3")
    assert code == 2
    assert "needs an `id`" in err
    assert out == ""


def test_schema_complaint_names_the_proposal_field_and_line(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    source.write_text(
        "kind: MicroCredentialProposal\nschema_version: 2\ntitle: T\ncode: X1\n"
        "public_info:\n  url: https://example.edu/x\ncompletion_criteria:\n  description: pass\n",
        encoding="utf-8",
    )
    code, _, err = run("export", str(source), "--to", "ob3", "--check")
    assert code == 2
    assert "'description' is a required property" in err


def test_check_missing_description_names_the_achievement_line() -> None:
    # No framework rule requires `description`; OB3 does, and says so on the Achievement.
    code, out, _ = run("check", str(DATA / "achievement-no-description.json"), "-f", "cican", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    required = [f for f in findings if f["rule_id"] == "QA-OB3-REQUIRED"]
    assert len(required) == 1, findings
    assert required[0]["severity"] == "error"
    assert "`description`" in required[0]["message"]
    assert required[0]["line"] == 1  # the achievement object starts on line 1
    assert code == 1


def test_check_each_missing_required_property_is_its_own_finding_at_the_wrapped_achievement(tmp_path: Path) -> None:
    data = json.loads((DATA / "credential.json").read_text(encoding="utf-8"))
    del data["credentialSubject"]["achievement"]["id"]
    badge = tmp_path / "badge.json"
    badge.write_text(json.dumps(data, indent=2), encoding="utf-8")
    line = badge.read_text(encoding="utf-8").splitlines().index('    "achievement": {') + 1
    code, out, _ = run("check", str(badge), "-f", "cican", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    required = sorted((f["message"].split("`")[1], f["line"]) for f in findings if f["rule_id"] == "QA-OB3-REQUIRED")
    assert required == [("description", line), ("id", line)]
    assert code == 1


def test_check_required_ctdl_properties_are_reported_in_a_graph() -> None:
    code, out, _ = run("check", str(DATA / "graph.ctdl.json"), "-f", "cican", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    required = [f for f in findings if f["rule_id"] == "QA-CTDL-REQUIRED"]
    assert {f["line"] for f in required} == {9}  # the MicroCredential node, not the organisation
    assert len(required) == 2
    assert code == 1


def test_check_ctdl_reports_what_ctdl_cannot_express_once() -> None:
    code, out, _ = run(
        "check", str(DATA / "microcredential.ctdl.json"), "-f", "cican", "-f", "ecampusontario", "--format", "json"
    )
    result = json.loads(out)["files"][0]
    notices = [f for f in result["findings"] if f["rule_id"] == "QA-NOT-EXPRESSIBLE"]
    assert len(notices) == 1
    assert "not expressible in CTDL" in notices[0]["message"]
    assert {v["framework"] for v in result["verdicts"]} >= {"cican", "ecampusontario"}
    assert code == 1  # still does not meet: nothing passes silently
    # evidence rules report at the document root: they are in the one finding, not beside it
    assert "evidence" in notices[0]["message"] and "CICAN-P2.2" in notices[0]["message"]
    assert not [f for f in result["findings"] if f["rule_id"] == "CICAN-P2.2"]


def test_check_ob3_reports_what_ob3_cannot_express_once() -> None:
    code, out, _ = run(
        "check", str(DATA / "achievement.json"), "-f", "cican", "-f", "ecampusontario", "--format", "json"
    )
    findings = json.loads(out)["files"][0]["findings"]
    notices = [f for f in findings if f["rule_id"] == "QA-NOT-EXPRESSIBLE"]
    assert len(notices) == 1
    for name in ("learning_outcomes", "evidence", "transcript_recorded"):
        assert name in notices[0]["message"]
    root_failures = [
        f for f in findings if f["pointer"] == "" and f["status"] == "fail" and f["framework"] != "qa-checker"
    ]
    assert root_failures == []
    assert code == 1


def test_sidecar_supplies_fields(tmp_path: Path) -> None:
    badge = tmp_path / "badge.json"
    badge.write_text((DATA / "microcredential.ctdl.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "badge.qa.yaml").write_text("transcript_recorded: true\n", encoding="utf-8")
    _, out, _ = run("check", str(badge), "-f", "cican", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    assert not [f for f in findings if f["rule_id"] == "CICAN-P6.1" and f["status"] == "fail"]


def test_findings_on_sidecar_values_point_at_the_sidecar(tmp_path: Path) -> None:
    badge = tmp_path / "badge.json"
    badge.write_text((DATA / "achievement.json").read_text(encoding="utf-8"), encoding="utf-8")
    sidecar = tmp_path / "badge.qa.yaml"
    sidecar.write_text(
        "transcript_recorded: true\nassessments:\n  - type: test\n    description: written check\n",
        encoding="utf-8",
    )
    _, out, _ = run("check", str(badge), "-f", "cican", "-f", "ecampusontario", "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    # the assessments come from the sidecar: eCampusOntario's failure on them is there
    on_sidecar = [f for f in findings if f["pointer"].startswith("/assessments")]
    assert "ECO-F4.1" in {f["rule_id"] for f in on_sidecar if f["status"] == "fail"}, findings
    assert {(f["file"], f["line"]) for f in on_sidecar} == {(str(sidecar), 2)}
    on_badge = [f for f in findings if f["pointer"].startswith("/competencies")]
    assert on_badge and {f["file"] for f in on_badge} == {str(badge)}


def test_a_bad_sidecar_value_is_an_error_at_the_sidecar_line(tmp_path: Path) -> None:
    badge = tmp_path / "badge.json"
    badge.write_text((DATA / "achievement.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "badge.qa.yaml").write_text("transcript_recorded: true\nnotional_hours: many\n", encoding="utf-8")
    code, out, err = run("check", str(badge), "-f", "cican")
    assert code == 2
    assert f"{tmp_path / 'badge.qa.yaml'}:2:" in out + err
    assert "notional_hours" in out + err


def test_import_then_export_round_trips_an_achievement(tmp_path: Path) -> None:
    code, _, err = run("import", str(DATA / "achievement.json"), "--output", str(tmp_path))
    assert code == 0, err
    text = (tmp_path / "achievement.yaml").read_text(encoding="utf-8")
    assert "# from OB3 name" in text
    code, out, err = run("export", str(tmp_path / "achievement.yaml"), "--to", "ob3")
    assert code == 0, err
    original = json.loads((DATA / "achievement.json").read_text(encoding="utf-8"))
    assert json.loads(out) == original


def test_ob2_badgeclass_imports_and_lists_what_was_dropped(tmp_path: Path) -> None:
    code, _, err = run("import", str(DATA / "badgeclass.json"), "--output", str(tmp_path))
    assert code == 0, err
    data = yaml.safe_load((tmp_path / "badgeclass.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Forklift Operator Basics"
    assert data["provider"]["name"] == "Example Training Centre"
    assert "image" in err and "tags" in err


def test_csv_import_and_export_still_work(tmp_path: Path) -> None:
    code, _, err = run("export", str(ROOT / "examples" / "complete.yaml"), "--output", str(tmp_path / "p.csv"))
    assert code == 0, err
    code, _, err = run("import", str(tmp_path / "p.csv"), "--output", str(tmp_path / "back"))
    assert code == 0, err


def test_no_network_for_import_check_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, complete: Path
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert run("import", str(DATA / "achievement.json"), "--output", str(tmp_path / "out"))[0] == 0
    assert run("check", str(DATA / "achievement.json"), "-f", "cican")[0] in (0, 1)
    for standard in ("ob3", "ctdl", "elm"):
        assert run("export", str(complete), "--to", standard, "--check")[0] == 0
