"""Each interop module on its own: what it recognises, maps, checks and translates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qa_checker.document import Document, Position
from qa_checker.findings import FileResult, Finding, FrameworkVerdict, Severity, Status, Verdict
from qa_checker.interop import ctdl, elm, ob3, shape
from qa_checker.interop.build import export
from qa_checker.interop.detect import Detected, claimed, detect
from qa_checker.interop.source import Source, gather, read
from qa_checker.interop.validate import problems, translate
from qa_checker.loader import load_document

DATA = Path(__file__).parent / "data" / "interop"


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# detect -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("achievement.json", Detected("OB3", "")),
        ("credential.json", Detected("OB3", "/credentialSubject/achievement")),
        ("badgeclass.json", Detected("OB 2.0", "")),
        ("microcredential.ctdl.json", Detected("CTDL", "")),
        ("graph.ctdl.json", Detected("CTDL", "/@graph/1")),  # the organisation node is skipped
    ],
)
def test_detect_tells_each_standard_and_where_its_object_is(name: str, expected: Detected) -> None:
    assert detect(load(name)) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "MicroCredentialProposal", "schema_version": 2, "title": "T"},  # a proposal in JSON
        {"type": ["Achievement"], "name": "no context"},  # the type alone is not enough
        [{"@type": "ceterms:MicroCredential"}],  # not an object at the top
        {"@context": ob3.CONTEXT, "type": ["OpenBadgeCredential"], "credentialSubject": {"achievement": "x"}},
    ],
)
def test_detect_never_guesses(data: Any) -> None:
    assert detect(data) is None


def test_claimed_names_the_standard_of_a_broken_badge_only() -> None:
    broken = {"@context": ob3.CONTEXT, "type": ["OpenBadgeCredential"]}
    assert claimed(broken) == "OB3"
    assert claimed({"@context": "http://credreg.net/ctdl/schema/context/json"}) == "CTDL"
    assert claimed({"kind": "MicroCredentialProposal"}) is None
    assert claimed(["x"]) is None


# OB3 / OB 2.0 mapping --------------------------------------------------------------------


def test_ob3_read_maps_fields_and_remembers_their_source() -> None:
    mapped = ob3.read(load("achievement.json"), "")
    assert mapped.data["title"] == "Introductory Welding Safety"
    assert mapped.data["code"] == "WLD-101"
    assert mapped.data["languages"] == ["en"]
    assert mapped.data["credential_class"] == "micro_credential"
    assert mapped.data["credits"] == {"value": 1.5}
    assert mapped.data["competencies"] == [
        {
            "label": "Use personal protective equipment",
            "framework_ref": "http://data.europa.eu/esco/skill/example-ppe",
            "id": "PPE",
            "framework": "ESCO",
        }
    ]
    assert mapped.sources["/title"] == "/name"
    assert mapped.sources["/completion_criteria/description"] == "/criteria/narrative"
    assert mapped.source_of("/learning_outcomes") == ""  # a missing field goes to the achievement
    assert mapped.dropped == ["/alignment/0/targetType"]


def test_ob3_read_inside_a_credential_points_into_the_credential() -> None:
    data = load("credential.json")
    mapped = ob3.read(data, "/credentialSubject/achievement")
    assert mapped.data["title"] == "Introductory Welding Safety"
    assert mapped.sources["/title"] == "/credentialSubject/achievement/name"
    # the award-time fields describe one award, not the credential: listed as dropped
    assert {"/id", "/issuer", "/validFrom"} <= set(mapped.dropped)


def test_ob2_badgeclass_maps_issuer_and_drops_what_the_model_cannot_hold() -> None:
    mapped = ob3.read(load("badgeclass.json"), "", "OB 2.0")
    assert mapped.data["provider"] == {"name": "Example Training Centre"}
    assert mapped.data["completion_criteria"] == {"description": "Complete the practical driving assessment."}
    assert {"/image", "/tags", "/issuer/id"} <= set(mapped.dropped)


def test_ob3_export_names_the_missing_identifier_and_never_mints_one() -> None:
    built = ob3.achievement({"title": "T", "description": "D", "completion_criteria": {"description": "x"}}, None)
    assert [p.key for p in built.errors] == ["interop.no_achievement_id"]
    assert "id" not in built.doc


def test_ob3_export_leaves_out_a_competency_without_a_url_with_a_notice() -> None:
    data = {
        "title": "T",
        "description": "D",
        "public_info": {"url": "https://example.edu/t"},
        "completion_criteria": {"description": "x"},
        "competencies": [{"id": "C1", "label": "Weld", "framework_ref": "local list"}],
    }
    built = ob3.achievement(data, None)
    assert "alignment" not in built.doc
    assert [(p.pointer, p.key) for p in built.notices] == [("/competencies/0", "interop.alignment_needs_url")]


# CTDL mapping -----------------------------------------------------------------------------


def test_ctdl_read_takes_english_text_and_tells_outcomes_from_competencies() -> None:
    mapped = ctdl.read(load("microcredential.ctdl.json"), "")
    assert mapped.data["title"] == "Data Literacy for Supervisors"
    assert mapped.sources["/title"] == "/ceterms:name/en"
    assert mapped.data["learning_outcomes"] == [{"statement": "Interpret a workplace dashboard."}]
    assert "competencies" not in mapped.data
    assert mapped.data["registry_listing"] == [{"registry": "CER", "id": "ce-0a1b2c3d-0000-4000-8000-000000000101"}]
    assert mapped.data["provider"] == {"name": "Example College"}


def test_ctdl_read_in_a_graph_reads_the_credential_node() -> None:
    mapped = ctdl.read(load("graph.ctdl.json"), "/@graph/1")
    assert mapped.data["title"] == "Spreadsheet Modelling"  # en-US before fr
    assert mapped.sources["/title"] == "/@graph/1/ceterms:name/en-US"
    assert mapped.data["training_weeks"] == 6
    assert mapped.data["noc_codes"] == ["13110"]
    assert mapped.source_of("/description") == "/@graph/1"


def test_ctdl_export_needs_the_registry_ctid() -> None:
    built = ctdl.credential({"title": "T", "public_info": {"url": "https://example.edu/t"}}, None)
    assert "interop.no_ctid" in [p.key for p in built.errors]
    assert "ceterms:ctid" not in built.doc


def test_ctdl_export_carries_outcomes_and_competencies_in_the_condition() -> None:
    data = {
        "completion_criteria": {"description": "pass"},
        "learning_outcomes": [{"statement": "Read a dashboard."}],
        "competencies": [{"id": "C1", "label": "Weld", "framework_ref": "https://example.org/c1"}],
    }
    built = ctdl.credential(data, None)
    targets = built.doc["ceterms:requires"][0]["ceterms:targetCompetency"]
    assert [t["ceterms:targetNodeName"] for t in targets] == ["Read a dashboard.", "Weld"]
    assert built.source_of("/ceterms:requires/0/ceterms:targetCompetency/1/ceterms:targetNode") == "/competencies/0"


# ELM structural check -------------------------------------------------------------------------


def test_elm_check_names_each_missing_annex_element_and_its_field() -> None:
    built = elm.specification({"title": "T", "provider": {"name": "College"}})
    missing = dict(elm.structural_problems(built))
    assert missing["/provider/country"] == "country of the issuer"
    assert missing["/learning_outcomes"] == "learning outcomes"
    assert "/title" not in missing and "/provider/name" not in missing


def test_elm_check_passes_when_every_element_is_there() -> None:
    data = {
        "title": "T",
        "provider": {"name": "College", "country": "FR"},
        "learning_outcomes": [{"statement": "Do X."}],
        "notional_hours": 30,
        "assessments": [{"type": "test"}],
        "delivery_modes": ["online"],
        "quality_assurance": {"type": "internal"},
    }
    assert elm.structural_problems(elm.specification(data)) == []


# validate: schema complaints translated to the proposal ------------------------------------------


def test_schema_complaint_is_translated_to_the_proposal_field_and_line(tmp_path: Path) -> None:
    source = tmp_path / "p.yaml"
    source.write_text(
        "kind: MicroCredentialProposal\nschema_version: 2\ntitle: T\n"
        "public_info:\n  url: https://example.edu/x\ncompletion_criteria:\n  description: pass\n",
        encoding="utf-8",
    )
    doc = load_document(source)
    data = {k: v for k, v in doc.data.items()}
    outcome = export("OB3", data, doc, None)
    refused = [e for e in outcome.errors if e.key == "interop.schema_refuses"]
    assert refused and "'description' is a required property" in refused[0].params["problem"]
    assert refused[0].file == str(source)
    # the achievement object was built from the whole proposal: its line is the document's
    assert refused[0].line == 1


def test_translate_uses_the_nearest_mapped_field() -> None:
    built = ob3.achievement({"title": "T", "completion_criteria": {"description": "x"}}, "https://e.org")
    doc = Document(path="p.yaml", data={}, positions={"/title": Position(3, 1)})
    errors = translate(built, [("/name", "wrong")], doc)
    assert (errors[0].line, errors[0].params["field"]) == (3, "title")


def test_problems_name_the_one_thing_the_schema_refuses() -> None:
    # the credential fixture is valid but for its achievement's missing description
    expected = [("/credentialSubject/achievement", "'description' is a required property")]
    assert problems("OB3", load("credential.json")) == expected


# shape: required properties and wrong types ---------------------------------------------------


def test_required_properties_come_from_the_standard() -> None:
    achievement = load("achievement-no-description.json")
    assert shape.missing(Detected("OB3", ""), achievement) == ["description"]
    wrapped = load("credential.json")  # its achievement has no description either
    assert shape.missing(Detected("OB3", "/credentialSubject/achievement"), wrapped) == ["description"]
    assert shape.missing(Detected("OB 2.0", ""), load("badgeclass.json")) == []
    graph = load("graph.ctdl.json")
    assert shape.missing(Detected("CTDL", "/@graph/1"), graph) == ["ceterms:description", "ceterms:subjectWebpage"]


def test_wrong_types_are_found_where_they_are() -> None:
    data = {
        "@context": ob3.CONTEXT,
        "type": ["Achievement"],
        "name": 5,
        "criteria": {"narrative": ["x"]},
        "alignment": [{"targetName": "ok", "targetUrl": 7}, "loose"],
    }
    wrong = shape.wrong_types(Detected("OB3", ""), data)
    assert [w.pointer for w in wrong] == ["/alignment/0/targetUrl", "/alignment/1", "/criteria/narrative", "/name"]


# source.gather: one not-expressible finding, root-level rules included --------------------------


def _finding(rule_id: str, pointer: str, line: int) -> Finding:
    return Finding(
        rule_id=rule_id,
        framework="cican",
        clause=None,
        status=Status.FAIL,
        severity=Severity.ERROR,
        message="m",
        fix=None,
        pointer=pointer,
        file="b.json",
        line=line,
        column=1,
    )


def test_gather_joins_root_level_rules_on_fields_the_standard_cannot_hold() -> None:
    from qa_checker.pipeline import CatalogSpec

    catalog = CatalogSpec().load()
    mapped = read(Detected("CTDL", ""), load("microcredential.ctdl.json"))
    findings = [
        _finding("CICAN-P2.2", "", 1),  # evidence of a QA approval: reported at the root
        _finding("CICAN-P6.1", "", 1),  # transcript_recorded / record_type
        _finding("CICAN-P3.2", "/competencies", 1),  # CTDL can hold competencies: kept
    ]
    verdict = FrameworkVerdict(framework="cican", verdict=Verdict.DOES_NOT_MEET, errors=3)
    result = gather(FileResult(file="b.json", findings=findings, verdicts=[verdict]), Source("CTDL", mapped), catalog)
    notices = [f for f in result.findings if f.rule_id == "QA-NOT-EXPRESSIBLE"]
    assert len(notices) == 1
    assert "evidence" in notices[0].message and "transcript_recorded" in notices[0].message
    assert "CICAN-P2.2" in notices[0].message and "CICAN-P6.1" in notices[0].message
    assert {f.rule_id for f in result.findings} == {"QA-NOT-EXPRESSIBLE", "CICAN-P3.2"}
    assert result.verdicts[0].errors == 2  # the two gathered count once
