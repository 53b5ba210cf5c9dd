"""SARIF as code-scanning services ingest it (issue #19 item 1).

GitHub's ingestion rules (the SARIF multitool's GH2012) refuse a rule without
``fullDescription`` and ``help``; Azure DevOps' want ``automationDetails``,
``driver.fullName`` and a rule ``name``; a file outside the repository must be a
``file://`` URI (SARIF1004). ``scripts/conformance.sh`` runs the multitool itself; these
tests assert the same properties directly, offline.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema

from qa_checker.output.sarif import automation

from conftest import EXAMPLES, HEADER, REPO, run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> dict:
    result = run_cli("check", *args, "--format", "sarif", cwd=cwd, env=env)
    assert result.returncode in (0, 1, 2), result.stderr
    log = json.loads(result.stdout)
    errors = [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(log)]
    assert errors == []
    return log


def test_every_rule_of_the_examples_has_what_github_requires() -> None:
    log = sarif(*sorted(str(p.relative_to(REPO)) for p in EXAMPLES.glob("*.yaml")))
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://") and driver["fullName"].startswith("qa-checker ")
    assert run["automationDetails"]["id"]
    rules = driver["rules"]
    assert any(r["id"].startswith("QA-") for r in rules), "the tool's own codes are among them"
    for rule in rules:
        assert rule["fullDescription"]["text"].strip(), rule["id"]
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule["id"]
        assert rule["helpUri"].startswith("https://") and "/docs/" in rule["helpUri"], rule["id"]
        assert rule["name"] != rule["id"] and re.fullmatch(r"[A-Z][A-Za-z0-9]*", rule["name"]), rule["name"]


def test_a_file_outside_the_repository_gets_a_file_uri(tmp_path: Path) -> None:
    outside = tmp_path / "fails-bc.yaml"
    shutil.copy(EXAMPLES / "fails-bc.yaml", outside)
    log = sarif("examples/complete.yaml", str(outside))
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    theirs = [a for a in artifacts if "fails-bc" in a["uri"]]
    ours = [a for a in artifacts if "complete" in a["uri"]]
    assert theirs and all(a["uri"] == outside.resolve().as_uri() and "uriBaseId" not in a for a in theirs)
    assert ours and all(a == {"uri": "examples/complete.yaml", "uriBaseId": "%SRCROOT%"} for a in ours)


def test_an_input_error_is_a_result_of_its_own_rule_and_a_notification(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(HEADER + "description: [unclosed\n", encoding="utf-8")
    log = sarif(str(broken), "examples/complete.yaml")
    (run,) = log["runs"]
    errors = [r for r in run["results"] if r["ruleId"] == "QA-INPUT-ERROR"]
    assert (
        len(errors) == 1 and errors[0]["level"] == "error" and errors[0]["properties"]["key"] == "loader.syntax_bracket"
    )
    assert errors[0]["locations"][0]["physicalLocation"]["region"]["startLine"] >= 4
    rule = run["tool"]["driver"]["rules"][errors[0]["ruleIndex"]]
    assert rule["id"] == "QA-INPUT-ERROR" and rule["fullDescription"]["text"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["loader.syntax_bracket"]
    assert run["invocations"][0]["exitCode"] == 2


def test_inside_azure_pipelines_the_build_identity_is_given() -> None:
    env = {
        "TF_BUILD": "True",
        "SYSTEM_COLLECTIONURI": "https://dev.azure.com/lakeshore/",
        "SYSTEM_TEAMPROJECT": "curriculum",
        "BUILD_DEFINITIONID": "7",
        "BUILD_DEFINITIONNAME": "proposals",
        "SYSTEM_PHASEID": "3c6c4d8e-6f1a-5c6b-9a55-2f4f8c0e1d2a",
        "SYSTEM_PHASENAME": "check",
        "BUILD_SOURCEBRANCH": "refs/heads/main",
        "BUILD_BUILDID": "42",
    }
    details = automation(env)
    assert details["id"] == (
        "azuredevops/pipeline/build/lakeshore/curriculum/7/3c6c4d8e-6f1a-5c6b-9a55-2f4f8c0e1d2a/refs/heads/main/42"
    )
    assert details["properties"]["azuredevops/pipeline/build/phaseName"] == "check"
    assert automation({}) == {"id": "qa-checker/"}
