"""Versioned frameworks (issue #15): a proposal targets ``nzqa@2018`` or ``nzqa`` (the
current version), gets the verdict of that version, and every output names it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qa_checker.rulesets import load_catalog

from conftest import HEADER, REPO, run_cli

# 4 NZ credits: too small for the 2018 regime (5 to 40), fine under the 2022 Rules (up to 40).
SMALL = "credits: {value: 4, system: NZ_credits}\n"


def _json(path: Path, *args: str) -> dict:
    result = run_cli("check", "--format", "json", "--fail-on", "never", *args, str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["files"][0]


def _rule_status(file: dict, rule_id: str) -> str:
    (found,) = [f for f in file["findings"] if f["rule_id"] == rule_id]
    return found["status"]


def test_targeting_2018_and_the_current_version_give_different_verdicts(write) -> None:
    old = _json(write("old.yaml", HEADER + SMALL + "targets: [nzqa@2018]\n"))
    new = _json(write("new.yaml", HEADER + SMALL + "targets: [nzqa]\n"))
    assert [(v["framework"], v["version"]) for v in old["verdicts"]] == [("nzqa@2018", "2018")]
    assert [(v["framework"], v["version"]) for v in new["verdicts"]] == [("nzqa@2022", "2022")]
    assert _rule_status(old, "NZQA-R1-2018") == "fail"
    assert _rule_status(new, "NZQA-R1-2022") == "pass"
    assert not [f for f in new["findings"] if f["rule_id"] == "NZQA-R1-2018"]
    assert all(f["framework"] == "nzqa@2018" for f in old["findings"])


@pytest.mark.parametrize("target", ["nzqa@2018", "NZQA@2018", "nzqa", "Nzqa", "nzqa@2022"])
def test_targets_and_framework_option_resolve_versions(write, target: str) -> None:
    version = "2018" if "2018" in target else "2022"
    path = write("p.yaml", HEADER + SMALL + f"targets: [{target}]\n")
    assert [v["framework"] for v in _json(path)["verdicts"]] == [f"nzqa@{version}"]
    plain = write("q.yaml", HEADER + SMALL)
    assert [v["framework"] for v in _json(plain, "--framework", target)["verdicts"]] == [f"nzqa@{version}"]


def test_a_single_version_framework_answers_to_id_at_version(write) -> None:
    path = write("p.yaml", HEADER + "targets: [cican@2021]\n")
    assert [(v["framework"], v["version"]) for v in _json(path)["verdicts"]] == [("cican", "2021")]


def test_an_unknown_version_is_an_input_error_with_a_suggestion(write) -> None:
    path = write("p.yaml", HEADER + "targets: [nzqa@2019]\n")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "nzqa@2019" in result.stdout + result.stderr
    assert "nzqa@2018" in result.stdout + result.stderr
    option = run_cli("check", "--framework", "nzqa@2019", str(path))
    assert option.returncode == 2 and "nzqa@2018" in option.stderr


def test_every_output_names_the_version(write) -> None:
    path = write("old.yaml", HEADER + SMALL + "targets: [nzqa@2018]\n")
    text = run_cli("check", "--fail-on", "never", str(path)).stdout
    assert "nzqa@2018: does not meet" in text
    sarif = json.loads(run_cli("check", "--format", "sarif", "--fail-on", "never", str(path)).stdout)
    (verdict,) = sarif["runs"][0]["properties"]["verdicts"]
    assert (verdict["framework"], verdict["version"]) == ("nzqa@2018", "2018")
    junit = ET.fromstring(run_cli("check", "--format", "junit", "--fail-on", "never", str(path)).stdout)
    names = {p.get("name") for p in junit.iter("property")}
    assert "verdict.nzqa@2018" in names
    github = run_cli("check", "--format", "github", "--fail-on", "never", str(path)).stdout
    assert "nzqa@2018" in github


def test_json_verdicts_carry_the_version_of_every_framework(write) -> None:
    path = write("p.yaml", HEADER + "provider: {name: X, jurisdiction: ON}\n")
    versions = {v["framework"]: v["version"] for v in _json(path)["verdicts"]}
    assert versions["cican"] == "2021" and versions["peqab-omc"] == "2023-draft"
    assert all(versions.values())


def test_default_selection_uses_only_the_current_version(write) -> None:
    path = write("p.yaml", HEADER + "provider: {name: X, jurisdiction: NZ}\n")
    assert [v["framework"] for v in _json(path)["verdicts"]] == ["nzqa@2022"]


def test_explain_shows_what_changed_between_versions() -> None:
    result = run_cli("explain", "nzqa")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2018 (2018-08-22" in out and "2022 (2022" in out and "current" in out
    assert "the 2018 minimum of 5 credits is gone" in out
    added = next(line for line in out.splitlines() if "rules added" in line)
    dropped = next(line for line in out.splitlines() if "rules dropped" in line)
    assert "NZQA-R1-2022" in added and "NZQA-R6.1" in added
    assert "NZQA-R1-2018" in dropped and "NZQA-R4-2018" in dropped
    rule = run_cli("explain", "NZQA-R1-2018").stdout
    assert "applies in 2018 only (of 2018, 2022)" in rule
    single = run_cli("explain", "peqab-omc").stdout
    assert "2023-draft" in single and "DRAFT" in single
    assert run_cli("explain", "nope").returncode == 2


def test_shared_rules_are_listed_once() -> None:
    rules = json.loads(run_cli("rules", "--format", "json").stdout)["rules"]
    ids = [r["id"] for r in rules]
    assert ids.count("NZQA-R2") == 1 and "NZQA-R1-2018" in ids and "NZQA-R1-2022" in ids
    only_2018 = json.loads(run_cli("rules", "--format", "json", "--framework", "nzqa@2018").stdout)["rules"]
    assert {r["id"] for r in only_2018} == {"NZQA-R1-2018", "NZQA-R2", "NZQA-R3", "NZQA-R4-2018"}


def test_canadian_frameworks_name_their_version() -> None:
    catalog = load_catalog()
    versions = {fid: (fw.version, fw.status) for fid, fw in catalog.frameworks.items()}
    assert versions["peqab-omc"] == ("2023-draft", "draft")
    assert versions["cican"] == ("2021", "final") and versions["bc"] == ("2021", "final")
    assert versions["ecampusontario"][0] == "v2"


def _copy_with(tmp_path: Path, framework_edit, rules_edit) -> Path:
    folder = tmp_path / "rules"
    (folder / "frameworks").mkdir(parents=True)
    fw = (REPO / "frameworks" / "nzqa.yaml").read_text(encoding="utf-8").replace("id: nzqa\n", "id: nzqa-copy\n")
    rs = (REPO / "rules" / "nzqa.yaml").read_text(encoding="utf-8")
    rs = rs.replace("ruleset: nzqa\n", "ruleset: nzqa-copy\n").replace("framework: nzqa\n", "framework: nzqa-copy\n")
    rs = rs.replace("id: NZQA-", "id: COPY-")
    (folder / "frameworks" / "nzqa-copy.yaml").write_text(framework_edit(fw), encoding="utf-8")
    (folder / "nzqa-copy.yaml").write_text(rules_edit(rs), encoding="utf-8")
    return folder


def test_a_rule_naming_an_unknown_version_stops_the_load(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, lambda t: t, lambda t: t.replace('versions: ["2018"]', 'versions: ["2017"]', 1))
    result = run_cli("frameworks", "--rules", str(folder))
    assert result.returncode == 2
    assert "nzqa-copy.yaml:" in result.stderr and "2017" in result.stderr and "2018, 2022" in result.stderr


def test_the_current_version_must_be_listed(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, lambda t: t.replace('version: "2022"\ndate', 'version: "2023"\ndate', 1), lambda t: t)
    result = run_cli("frameworks", "--rules", str(folder))
    assert result.returncode == 2
    assert "frameworks/nzqa-copy.yaml:9:" in result.stderr and "2023" in result.stderr


def test_an_institution_copy_of_a_versioned_framework_gets_its_own_versions(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, lambda t: t, lambda t: t)
    result = run_cli("frameworks", "--format", "json", "--rules", str(folder))
    assert result.returncode == 0, result.stderr
    ids = {f["id"] for f in json.loads(result.stdout)["frameworks"]}
    assert {"nzqa-copy@2018", "nzqa-copy@2022"} <= ids
