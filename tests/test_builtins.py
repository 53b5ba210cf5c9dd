"""Each built-in check on small proposals: what it flags, and where."""

from __future__ import annotations

from typing import Any

from qa_checker.builtins import MODULES
from qa_checker.loader import load_text


def run(name: str, params: dict[str, Any], data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    outcome = MODULES[name].compile(params)(data)
    return [(v.pointer, v.params) for v in outcome.violations]


COVER = {"items": "/competencies/*", "by": "/assessments/*", "via": "maps_to"}


def test_covered_flags_each_unassessed_item() -> None:
    data = {
        "competencies": [{"id": "C1"}, {"id": "C2"}],
        "assessments": [{"id": "A1", "maps_to": ["C1"]}],
    }
    assert [p for p, _ in run("covered", COVER, data)] == ["/competencies/1"]
    data["assessments"].append({"id": "A2", "maps_to": ["C2"]})
    assert run("covered", COVER, data) == []


def test_covered_filter_counts_only_matching_coverers() -> None:
    params = {**COVER, "filter": {"required": ["summative"], "properties": {"summative": {"const": True}}}}
    data = {"competencies": [{"id": "C1"}], "assessments": [{"maps_to": ["C1"], "summative": False}]}
    assert len(run("covered", params, data)) == 1


def test_references_flags_the_bad_reference_only() -> None:
    params = {"from": "/assessments/*/maps_to/*", "to": ["/competencies/*/id", "/learning_outcomes/*/id"]}
    data = {
        "competencies": [{"id": "C1"}],
        "learning_outcomes": [{"id": "LO1"}],
        "assessments": [{"maps_to": ["C1", "LO1", "LO9"]}],
    }
    assert run("references", params, data) == [("/assessments/0/maps_to/2", {"ref": "LO9"})]


def test_unique_names_the_first_use() -> None:
    data = {"learning_outcomes": [{"id": "LO1"}, {"id": "LO2"}, {"id": "LO1"}]}
    assert run("unique", {"values": "/learning_outcomes/*/id"}, data) == [
        ("/learning_outcomes/2/id", {"value": "LO1", "first": "/learning_outcomes/0/id"})
    ]


def test_words_reports_whole_words_at_their_offset() -> None:
    text = "kind: x\nlearning_outcomes:\n  - statement: Explain and understand the code\n"
    doc = load_text(text, "p.yaml")
    params = {"fields": "/learning_outcomes/*/statement", "words": ["understand", "be aware of"]}
    outcome = MODULES["words"].compile(params)(doc.data)
    (violation,) = outcome.violations
    assert violation.pointer == "/learning_outcomes/0/statement"
    assert doc.locate_text(violation.pointer, violation.offset).column == 28
    # whole words only: "misunderstanding" is not "understand"
    assert run("words", params, {"learning_outcomes": [{"statement": "Resolve misunderstandings"}]}) == []


def test_compound_flags_bundled_outcomes() -> None:
    params = {"fields": "/learning_outcomes/*/statement", "verbs": ["analyse", "design", "apply"]}
    bundled = {"learning_outcomes": [{"statement": "Analyse sensor data and design a maintenance plan"}]}
    single = {"learning_outcomes": [{"statement": "Apply safety and isolation procedures"}]}
    assert [p for p, _ in run("compound", params, bundled)] == ["/learning_outcomes/0/statement"]
    assert run("compound", params, single) == []


def test_evidence_needs_the_right_type_and_signature() -> None:
    params = {"types": ["employer_letter"], "signed": True}
    unsigned = {"evidence": [{"id": "E1", "type": "employer_letter"}]}
    signed = {"evidence": [{"id": "E1", "type": "employer_letter", "signed": True}]}
    assert len(run("evidence", params, unsigned)) == 1
    outcome = MODULES["evidence"].compile(params)(signed)
    assert outcome.violations == [] and outcome.found == ["/evidence/0"]
