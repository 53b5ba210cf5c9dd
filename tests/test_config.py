"""Repository configuration: found by walking up, overridden by flags; waivers; extends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, HEADER, run_cli


def copy_incomplete(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLES / "incomplete.yaml", folder / "draft.yaml"))


def test_yaml_config_found_walking_up_and_flags_override_it(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("fail_on: never\nframeworks: [ecampusontario]\n", encoding="utf-8")
    proposal = copy_incomplete(tmp_path / "programs" / "auto")
    result = run_cli("check", str(proposal), "--format", "json")
    assert result.returncode == 0, "fail_on: never from the configuration"
    verdicts = [v["framework"] for v in json.loads(result.stdout)["files"][0]["verdicts"]]
    assert verdicts == ["cican", "ecampusontario"], "the proposal's own targets come before the configuration"
    untargeted = proposal.with_name("untargeted.yaml")
    untargeted.write_text(proposal.read_text(encoding="utf-8").replace("targets:", "old_targets:"), encoding="utf-8")
    report = json.loads(run_cli("check", str(untargeted), "--format", "json").stdout)
    assert [v["framework"] for v in report["files"][0]["verdicts"]] == ["ecampusontario"]
    assert run_cli("check", str(proposal), "--fail-on", "error").returncode == 1, "the flag wins"
    flagged = json.loads(run_cli("check", str(proposal), "--format", "json", "--framework", "cican").stdout)
    assert [v["framework"] for v in flagged["files"][0]["verdicts"]] == ["cican"]


def test_pyproject_table_and_rule_folders(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "custom-rules", tmp_path / "our-rules")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "courses"\n\n[tool.qa-checker]\nframeworks = ["cican-lakeshore"]\nrules = ["our-rules"]\n',
        encoding="utf-8",
    )
    proposal = copy_incomplete(tmp_path / "proposals")
    report = json.loads(run_cli("check", str(proposal), "--format", "json").stdout)
    assert [v["framework"] for v in report["files"][0]["verdicts"]] == ["cican", "ecampusontario"]
    report = json.loads(run_cli("check", str(proposal), "--format", "json", "-f", "cican-lakeshore").stdout)
    assert any(f["rule_id"] == "LPC-EMP-1" for f in report["files"][0]["findings"])
    assert run_cli("test-rules", cwd=tmp_path).returncode == 0


def test_without_config_defaults_apply(tmp_path: Path) -> None:
    proposal = copy_incomplete(tmp_path)
    assert run_cli("check", str(proposal)).returncode == 1


def test_bad_config_is_exit_2_with_line(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("frameworks: [cican]\nfail_on: sometimes\n", encoding="utf-8")
    proposal = copy_incomplete(tmp_path)
    result = run_cli("check", str(proposal))
    assert result.returncode == 2
    assert ".qa-checker.yaml:2:" in result.stdout + result.stderr


def test_limits_and_patterns_from_config(tmp_path: Path) -> None:
    (tmp_path / ".qa-checker.yaml").write_text("limits: {max_bytes: 200}\nexclude: ['drafts/*']\n", encoding="utf-8")
    big = copy_incomplete(tmp_path / "final")
    result = run_cli("check", str(big))
    assert result.returncode == 2 and "200-byte limit" in result.stdout + result.stderr
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "x.yaml").write_text(HEADER, encoding="utf-8")
    (tmp_path / "final" / "draft.yaml").unlink()
    result = run_cli("check", str(tmp_path))
    assert "no proposal files" in result.stdout + result.stderr, "drafts/ is excluded"


def test_unused_waiver_and_no_waivers(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        HEADER
        + "relationship_to_formal_credential: standalone\n"
        + "waivers:\n"
        + "  - {rule: CICAN-P1, reason: not needed, approved_by: Dean}\n"
        + "  - {rule: CICAN-P2.1, reason: QA by the senate, approved_by: Dean}\n",
        encoding="utf-8",
    )
    report = json.loads(run_cli("check", str(path), "--format", "json", "--framework", "cican").stdout)
    statuses = {(f["rule_id"], f["pointer"]): f["status"] for f in report["files"][0]["findings"]}
    assert statuses[("QA-WAIVER-UNUSED", "/waivers/0")] == "fail"
    assert statuses[("CICAN-P2.1", "/quality_assurance")] == "waived"
    raw = json.loads(run_cli("check", str(path), "--format", "json", "--framework", "cican", "--no-waivers").stdout)
    assert all(f["status"] != "waived" for f in raw["files"][0]["findings"])


def test_waiver_needs_reason_and_approver(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEADER + "waivers:\n  - {rule: CICAN-P1}\n", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "waivers[0].reason" in result.stdout + result.stderr


def test_settings_configure_the_omc_categories(tmp_path: Path) -> None:
    proposal = Path(shutil.copy(EXAMPLES / "omc-claim.yaml", tmp_path / "omc.yaml"))
    report = json.loads(run_cli("check", str(proposal), "--format", "json", "-f", "peqab-omc").stdout)
    assert report["files"][0]["verdicts"][0]["verdict"] == "meets_pending_review"
    (tmp_path / ".qa-checker.yaml").write_text(
        "settings:\n  peqab-omc:\n    omc_categories: [Some Other Category]\n", encoding="utf-8"
    )
    report = json.loads(run_cli("check", str(proposal), "--format", "json", "-f", "peqab-omc").stdout)
    assert report["files"][0]["verdicts"][0]["verdict"] == "does_not_meet"
    assert any(f["rule_id"].startswith("PEQAB-S3") and f["status"] == "fail" for f in report["files"][0]["findings"])
