"""Proposal format 2: it can say what public listings say, rules read the right part,
and format 1 files keep loading, with a notice and their own line numbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from qa_checker.loader import load_document, load_text
from qa_checker.scaffold import PROPOSAL_SCHEMA_ID, proposal_schema
from qa_checker.validate import validate

from conftest import EXAMPLES, REPO, run_cli

V2_HEADER = "kind: MicroCredentialProposal\nschema_version: 2\ntitle: Test proposal\n"

# tests/data/listings/online-placement.yaml says in its comments what format 1 could not:
# seven weeks online, then 60 hours in a child-care centre, and a badge through a named
# platform with no technical format. Format 2 states each of these.
ONLINE_PLACEMENT_V2 = """\
kind: MicroCredentialProposal
schema_version: 2
title: Early Childhood Education Assistant - Online with Practicum
languages: [en-CA, fr-CA]
provider: {name: Fraser Bend College, type: college, public: true, jurisdiction: "BC"}
partner_institutions:
  - {name: Coast Mountain University, type: university, roles: [instructor]}
delivery_modes: [online, placement]
instructional_hours: 90
self_study_hours: 30
work_integrated_hours: 60
notional_hours: 180
training_weeks: 7
placement_weeks: 3
digital_credential: {issued: true, platform: Credly}
completion_criteria: {basis: grade_threshold, grading: graded, pass_mark_percent: 70, min_attendance_percent: 80}
employer_partners:
  - {name: Little Steps Child Care Society, kind: employer, roles: [placement_host]}
  - {name: Early Childhood Educators of BC, kind: sector_association, roles: [curriculum_input]}
community_partners:
  - {name: Sts'ailes, type: first_nation, roles: [co-design of the Indigenous content]}
funders:
  - {name: Province of British Columbia, program: StrongerBC future skills grant}
framework_claims:
  - {framework: bc, statement: Listed as a B.C. micro-credential.}
credits: {value: 5, system: ECTS}
"""


def checked(path: Path, *frameworks: str) -> dict[str, Any]:
    args = ["check", "--format", "json", "--fail-on", "never", str(path)]
    for framework in frameworks:
        args += ["--framework", framework]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    file = json.loads(result.stdout)["files"][0]
    assert file["status"] == "checked", file["errors"]
    return file


def by_rule(file: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in file["findings"] if f["rule_id"] == rule]


def test_a_listing_states_what_format_1_could_not() -> None:
    validated = validate(load_text(ONLINE_PLACEMENT_V2, "p.yaml"))
    assert validated.unknown == [] and validated.upgraded_from is None
    proposal = validated.proposal
    assert proposal.delivery_modes == ["online", "placement"]
    assert (proposal.training_weeks, proposal.placement_weeks, proposal.work_integrated_hours) == (7, 3, 60)
    assert proposal.digital_credential is not None and proposal.digital_credential.issued is True
    assert proposal.digital_credential.format is None
    assert proposal.languages == ["en-CA", "fr-CA"]
    assert proposal.employer_partners is not None and proposal.employer_partners[1].kind == "sector_association"
    assert proposal.funders is not None and proposal.funders[0].program == "StrongerBC future skills grant"
    assert proposal.framework_claims is not None and proposal.framework_claims[0].framework == "bc"
    assert proposal.completion_criteria is not None and proposal.completion_criteria.min_attendance_percent == 80


@pytest.mark.parametrize("system", ["ECTS", "NZ_credits", "UK_credits", "institutional", "none"])
def test_credit_systems_abroad(system: str) -> None:
    validated = validate(load_text(V2_HEADER + f"credits: {{value: 15, system: {system}}}\n", "p.yaml"))
    assert validated.proposal.credits is not None and validated.proposal.credits.system == system


def test_percentages_stay_between_0_and_100() -> None:
    from qa_checker.errors import InputErrors

    with pytest.raises(InputErrors):
        validate(load_text(V2_HEADER + "completion_criteria: {pass_mark_percent: 140}\n", "p.yaml"))


def test_osap_counts_training_weeks_and_says_it_counts_instructional_hours(write: Callable[..., Path]) -> None:
    osap = "funding: [{program: osap}]\ninstructional_hours: 400\n"
    placement = write("p.yaml", V2_HEADER + osap + "training_weeks: 8\nplacement_weeks: 6\n")
    result = checked(placement, "on-osap")
    assert [f["status"] for f in by_rule(result, "ONT-OSAP2")] == ["pass"]
    [hours] = by_rule(result, "ONT-OSAP1")
    assert hours["status"] == "fail" and "OSAP counts instructional hours" in hours["message"]
    too_long = write("q.yaml", V2_HEADER + osap + "training_weeks: 12\n")
    assert [f["status"] for f in by_rule(checked(too_long, "on-osap"), "ONT-OSAP2")] == ["fail"]


def test_format_1_loads_with_a_notice_at_its_own_lines(write: Callable[..., Path]) -> None:
    path = write(
        "old.yaml",
        "kind: MicroCredentialProposal\nschema_version: 1\ntitle: Old\n"
        "funding: [{program: osap}]\n# a comment\nduration_weeks: 14\n",
    )
    result = checked(path, "on-osap")
    [notice] = by_rule(result, "QA-FORMAT-OLD")
    assert (notice["severity"], notice["line"]) == ("info", 2)
    assert "qa-checker migrate" in notice["fix"]
    [weeks] = by_rule(result, "ONT-OSAP2")
    assert weeks["status"] == "fail" and weeks["line"] == 6  # where duration_weeks is written
    assert [v["verdict"] for v in result["verdicts"]] == ["does_not_meet"]


def test_format_1_type_errors_name_the_key_the_file_has() -> None:
    from qa_checker.errors import InputErrors

    with pytest.raises(InputErrors) as info:
        validate(load_text("kind: MicroCredentialProposal\nschema_version: 1\ntitle: T\nlanguage: 5\n", "p.yaml"))
    [error] = info.value.errors
    assert error.line == 4 and error.params["field"] == "language"


def test_unknown_version_names_the_versions_read() -> None:
    from qa_checker.errors import InputError
    from qa_checker.messages import msg

    with pytest.raises(InputError) as info:
        validate(load_text("kind: MicroCredentialProposal\nschema_version: 3\ntitle: x\n", "p.yaml"))
    assert "1 or 2" in msg(info.value.key, **info.value.params)


def test_format_2_fields_are_not_format_1_fields() -> None:
    # format 2 has no `delivery_mode`: it is reported as unknown, with the new name
    validated = validate(load_text(V2_HEADER + "delivery_mode: online\n", "p.yaml"))
    assert [(u.name, u.suggestion) for u in validated.unknown] == [("delivery_mode", "delivery_modes")]


def test_schema_has_an_id_and_accepts_every_example() -> None:
    schema = proposal_schema()
    assert schema["$id"] == PROPOSAL_SCHEMA_ID
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = load_document(path).data
        assert data["schema_version"] == 2, path
        if validate(load_document(path)).unknown:
            continue  # incomplete.yaml misspells a field on purpose
        jsonschema.validate(data, schema)
    jsonschema.validate(load_text(ONLINE_PLACEMENT_V2, "p.yaml").data, schema)


def test_examples_quote_two_letter_codes() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("jurisdiction:"):
                assert line.split(":", 1)[1].strip().startswith('"'), (path, line)


def test_schema_command_prints_the_id() -> None:
    result = run_cli("schema")
    assert result.returncode == 0 and json.loads(result.stdout)["$id"] == PROPOSAL_SCHEMA_ID


def test_a_v1_example_is_kept_for_loading() -> None:
    assert (REPO / "tests" / "data" / "v1" / "complete-v1.yaml").read_text().count("schema_version: 1") == 1


def test_an_issued_badge_without_a_format_is_a_route_to_recognition(write: Callable[..., Path]) -> None:
    stated = write("badge.yaml", V2_HEADER + "digital_credential: {issued: true}\n")
    assert [f["status"] for f in by_rule(checked(stated, "bc"), "BC-C6")] == ["pass"]
    silent = write("silent.yaml", V2_HEADER + "digital_credential: {issued: false}\n")
    assert [f["status"] for f in by_rule(checked(silent, "bc"), "BC-C6")] == ["fail"]
