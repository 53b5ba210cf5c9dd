"""Frameworks beyond Canada (issue #15): the EU 2022 Recommendation, NZQA, Australia's
National Microcredentials Framework and UK QAA, each clause encoded or surfaced for a
reviewer, their numbers checked, and their defaults chosen by the provider's country."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from qa_checker.jurisdictions import code_of, covers

from conftest import EXAMPLES, HEADER, REPO, run_cli

NEW = ("eu-2022", "nzqa", "au-nmf", "uk-qaa")

# Every clause ID of the framework digest, shared/reference/frameworks.md §5.1 (EU:
# Annex I mandatory M1-M11 and optional O1-O5, Annex II principles P1-P10), §5.2 (NZQA:
# R1-R6) and §5.3 (Australia: principles P1-P4, minimum standards S1-S9). Copied from the
# digest by hand so that a clause dropped from a framework file fails here.
DIGEST_CLAUSES = {
    "eu-2022": [f"EU-M{i}" for i in range(1, 12)]
    + [f"EU-O{i}" for i in range(1, 6)]
    + [f"EU-P{i}" for i in range(1, 11)],
    "nzqa": [f"NZ-R{i}" for i in range(1, 7)],
    "au-nmf": [f"AU-P{i}" for i in range(1, 5)] + [f"AU-S{i}" for i in range(1, 10)],
}


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework", sorted(DIGEST_CLAUSES))
def test_every_digest_clause_maps_to_a_rule_or_a_judgement_item(framework: str) -> None:
    """Read from the files themselves: the framework lists the clause, and a rule in
    the rule set cites it (an automatic or evidence rule, or a reviewer's judgement)."""
    clauses = {c["id"]: c for c in _yaml(REPO / "frameworks" / f"{framework}.yaml")["clauses"]}
    rules = _yaml(REPO / "rules" / f"{framework}.yaml")["rules"]
    for clause_id in DIGEST_CLAUSES[framework]:
        assert clause_id in clauses, f"{framework}: digest clause {clause_id} is not in the framework file"
        citing = [r for r in rules if r["clause"] == clause_id]
        assert citing, f"{framework}: no rule or judgement item for {clause_id}"
        assert all(r["kind"] in ("automatic", "evidence", "judgement") for r in citing)


def test_the_eu_annex_ii_review_practice_and_the_uk_clauses_are_encoded() -> None:
    eu = {r["clause"] for r in _yaml(REPO / "rules" / "eu-2022.yaml")["rules"]}
    assert "EU-A2-R" in eu
    uk = {r["clause"] for r in _yaml(REPO / "rules" / "uk-qaa.yaml")["rules"]}
    assert uk == {"UK-C1", "UK-C2", "UK-C3"}


def test_unverified_digest_facts_stay_unverified() -> None:
    """[U] in the digest: the EU Annex I list was checked only at proposal stage and the
    principle names are remembered, so those clauses and their rules say so."""
    eu = {c["id"]: c for c in _yaml(REPO / "frameworks" / "eu-2022.yaml")["clauses"]}
    assert all(eu[f"EU-M{i}"]["verified"] is False for i in range(1, 12))
    assert all(eu[f"EU-P{i}"]["verified"] is False for i in range(1, 11))
    rules = _yaml(REPO / "rules" / "eu-2022.yaml")["rules"]
    assert all(r["source"]["verified"] is False for r in rules if r["clause"].startswith(("EU-M", "EU-O", "EU-P")))
    uk = _yaml(REPO / "frameworks" / "uk-qaa.yaml")
    assert uk["settings"]["credit_hours"]["UK_credits"]["verified"] is False


def test_frameworks_lists_the_new_frameworks_with_versions_status_and_jurisdictions() -> None:
    result = run_cli("frameworks", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {f["id"]: f for f in json.loads(result.stdout)["frameworks"]}
    assert {"eu-2022", "nzqa@2018", "nzqa@2022", "au-nmf", "uk-qaa"} <= set(listed)
    assert "nzqa" not in listed
    assert (listed["nzqa@2018"]["version"], listed["nzqa@2018"]["status"]) == ("2018", "superseded")
    assert (listed["nzqa@2022"]["version"], listed["nzqa@2022"]["status"]) == ("2022", "final")
    assert listed["nzqa@2018"]["versions"] == ["2018", "2022"]
    assert listed["nzqa@2022"]["current"] and not listed["nzqa@2018"]["current"]
    assert not listed["nzqa@2018"]["default"]
    places = {fid: listed[fid]["jurisdiction"] for fid in ("eu-2022", "nzqa@2022", "au-nmf", "uk-qaa")}
    assert places == {"eu-2022": "EU", "nzqa@2022": "NZ", "au-nmf": "AU", "uk-qaa": "GB"}
    text = run_cli("frameworks").stdout
    line = {row.split()[0]: row for row in text.splitlines()}
    assert "2018; superseded" in line["nzqa@2018"] and "New Zealand (NZ)" in line["nzqa@2018"]
    assert "2022; final; current version" in line["nzqa@2022"]
    assert "European Union (EU)" in line["eu-2022"] and "Australia (AU)" in line["au-nmf"]
    assert "United Kingdom (GB)" in line["uk-qaa"]


def _check(write, body: str, *args: str) -> tuple[dict, list[dict]]:
    path = write("p.yaml", HEADER + body)
    result = run_cli("check", "--format", "json", "--fail-on", "never", *args, str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    file = json.loads(result.stdout)["files"][0]
    return {v["framework"]: v for v in file["verdicts"]}, file["findings"]


def _finding(findings: list[dict], rule_id: str) -> dict:
    (found,) = [f for f in findings if f["rule_id"] == rule_id]
    return found


def test_nzqa_2022_passes_40_credits_and_fails_45(write) -> None:
    _, findings = _check(write, "credits: {value: 40, system: NZ_credits}\n", "--framework", "nzqa")
    assert _finding(findings, "NZQA-R1-2022")["status"] == "pass"
    _, findings = _check(write, "credits: {value: 45, system: NZ_credits}\n", "--framework", "nzqa")
    failed = _finding(findings, "NZQA-R1-2022")
    assert failed["status"] == "fail" and failed["severity"] == "error"
    assert "45 NZ credits" in failed["message"]


def test_nzqa_2018_fails_4_credits(write) -> None:
    verdicts, findings = _check(write, "credits: {value: 4, system: NZ_credits}\n", "--framework", "nzqa@2018")
    failed = _finding(findings, "NZQA-R1-2018")
    assert failed["status"] == "fail" and "4 NZ credits" in failed["message"]
    assert verdicts["nzqa@2018"]["verdict"] == "does_not_meet"


def test_a_diploma_title_is_flagged_under_nzqa(write) -> None:
    path = write("p.yaml", HEADER.replace("Test proposal", "Diploma in Rotary Milking"))
    result = run_cli("check", "--format", "json", "--framework", "nzqa", str(path))
    findings = json.loads(result.stdout)["files"][0]["findings"]
    flagged = _finding(findings, "NZQA-R6.1")
    assert flagged["status"] == "fail" and "`Diploma`" in flagged["message"]
    assert (flagged["line"], flagged["column"]) == (3, 8)
    plain = write("q.yaml", HEADER.replace("Test proposal", "Rotary Milking Platform Operation"))
    result = run_cli("check", "--format", "json", "--framework", "nzqa", str(plain))
    assert _finding(json.loads(result.stdout)["files"][0]["findings"], "NZQA-R6.1")["status"] == "pass"


def test_half_an_hour_fails_the_australian_framework(write) -> None:
    _, findings = _check(write, "notional_hours: 0.5\n", "--framework", "au-nmf")
    failed = _finding(findings, "AU-S3")
    assert failed["status"] == "fail" and "0.5 hours" in failed["message"]
    _, findings = _check(write, "notional_hours: 1\n", "--framework", "au-nmf")
    assert _finding(findings, "AU-S3")["status"] == "pass"


def test_no_notional_workload_fails_eu_m7(write) -> None:
    verdicts, findings = _check(write, "instructional_hours: 48\n", "--framework", "eu-2022")
    failed = _finding(findings, "EU-M7")
    assert failed["status"] == "fail" and failed["severity"] == "error"
    assert "notional workload" in failed["message"]
    assert verdicts["eu-2022"]["verdict"] == "does_not_meet"


def test_five_ects_shows_125_to_150_hours_in_the_finding(write) -> None:
    _, findings = _check(write, "credits: {value: 5, system: ECTS}\n", "--framework", "eu-2022")
    passed = _finding(findings, "EU-M7")
    assert passed["status"] == "pass"
    assert "5 ECTS = 125–150 hours" in passed["message"]


@pytest.mark.parametrize(
    ("jurisdiction", "expected"),
    [
        ("NZ", {"nzqa@2022"}),
        ("New Zealand", {"nzqa@2022"}),
        ("Aotearoa New Zealand", {"nzqa@2022"}),
        ("AU", {"au-nmf"}),
        ("Australia", {"au-nmf"}),
        ("UK", {"uk-qaa"}),
        ("Scotland", {"uk-qaa"}),
        ("GB", {"uk-qaa"}),
        ("France", {"eu-2022"}),
        ("Netherlands", {"eu-2022"}),
        ("DE", {"eu-2022"}),
        ("EU", {"eu-2022"}),
        # A bare code is a Canadian province first: NL is Newfoundland and Labrador.
        ("NL", {"cican", "good-practice"}),
    ],
)
def test_defaults_abroad_follow_the_provider_country(write, jurisdiction: str, expected: set[str]) -> None:
    verdicts, findings = _check(write, f'provider: {{name: X, jurisdiction: "{jurisdiction}"}}\n')
    assert set(verdicts) == expected
    assert not [f for f in findings if f["rule_id"] == "QA-UNKNOWN-JURISDICTION"]


def test_a_proposal_that_states_no_place_gets_only_canadas_defaults(write) -> None:
    verdicts, _ = _check(write, "provider: {name: X}\n")
    assert not set(verdicts) & {"eu-2022", "nzqa@2022", "nzqa@2018", "au-nmf", "uk-qaa"}


def test_jurisdiction_codes_for_countries() -> None:
    assert [code_of(v) for v in ("nz", "Australia", "United Kingdom", "Deutschland", "eu")] == [
        "NZ",
        "AU",
        "GB",
        "DE",
        "EU",
    ]
    assert covers("EU", "FR") and covers("EU", "EU") and not covers("EU", "GB") and not covers("EU", "CA-ON")
    assert code_of("SK") == "CA-SK" and code_of("Slovakia") == "SK"


WORLD = sorted((EXAMPLES / "world").glob("*.yaml"))
HEADER_VERDICT = re.compile(r"^#\s{2,}([a-z0-9][a-z0-9@.-]*):\s+([a-z_]+)\b")
HEADER_EXIT = re.compile(r"^#.*`qa-checker check (\S+)` exits (\d)")


def _declared(path: Path) -> tuple[dict[str, str], int | None]:
    verdicts: dict[str, str] = {}
    exit_code = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := HEADER_VERDICT.match(line):
            verdicts[match.group(1)] = match.group(2)
        if match := HEADER_EXIT.match(line):
            exit_code = int(match.group(2))
    return verdicts, exit_code


def test_each_new_framework_has_a_meeting_and_a_failing_example() -> None:
    names = {p.name for p in WORLD}
    for framework in NEW:
        assert f"{framework}-meets.yaml" in names and f"{framework}-fails.yaml" in names, framework
    assert "cross-framework.yaml" in names


@pytest.mark.parametrize("path", WORLD, ids=[p.name for p in WORLD])
def test_world_examples_get_the_verdicts_their_header_declares(path: Path) -> None:
    expected, exit_code = _declared(path)
    assert expected and exit_code is not None, path.name
    result = run_cli("check", "--format", "json", str(path))
    assert result.returncode == exit_code, result.stdout + result.stderr
    got = {v["framework"]: v["verdict"] for v in json.loads(result.stdout)["files"][0]["verdicts"]}
    assert got == expected
    if path.name.endswith("-meets.yaml"):
        assert set(got.values()) == {"meets_pending_review"}


@pytest.mark.parametrize("framework", NEW)
def test_each_failing_example_fails_for_its_stated_rule(framework: str) -> None:
    path = EXAMPLES / "world" / f"{framework}-fails.yaml"
    stated = re.findall(r"\(([A-Z][A-Z0-9.-]+):", path.read_text(encoding="utf-8"))
    result = run_cli("check", "--format", "json", str(path))
    errors = {
        f["rule_id"]
        for f in json.loads(result.stdout)["files"][0]["findings"]
        if f["status"] == "fail" and f["severity"] == "error"
    }
    assert errors == set(stated), (errors, stated)


def test_the_cross_framework_example_shows_each_conversion() -> None:
    path = EXAMPLES / "world" / "cross-framework.yaml"
    findings = json.loads(run_cli("check", "--format", "json", str(path)).stdout)["files"][0]["findings"]
    assert "5 ECTS = 125–150 hours" in _finding(findings, "EU-M7")["message"]
    assert "5 ECTS = 125–150 hours = 12.5–15 NZ credits" in _finding(findings, "NZQA-R1-2022")["message"]
