"""The proposal model: type errors in plain words with positions, unknown fields as
warnings with a suggestion, and missing fields left to the rules."""

from __future__ import annotations

import pytest

from qa_checker.errors import InputError, InputErrors, NotAProposal
from qa_checker.loader import load_text
from qa_checker.validate import validate

from conftest import HEADER


def errors_of(text: str) -> list[str]:
    """Input errors, whether they stop validation or (wrong types) leave their fields
    out of an otherwise validated proposal (partial results)."""
    try:
        validated = validate(load_text(text, "p.yaml"), partial=True)
    except InputErrors as exc:
        return [str(e) for e in exc.errors]
    assert validated.errors, "no input error"
    return [str(e) for e in validated.errors]


def test_minimal_proposal_is_valid() -> None:
    assert validate(load_text(HEADER, "p.yaml")).unknown == []


def test_type_errors_are_positioned_and_plain() -> None:
    errors = errors_of(
        HEADER
        + "instructional_hours: forty\n"
        + "cip_code: 47.0604\n"
        + "delivery_modes: [hybrid]\n"
        + "learning_outcomes:\n  - Apply things\n"
        + "quality_assurance: {approval_date: 31/01/2026}\n"
    )
    assert errors == [
        "p.yaml:4:1: `instructional_hours` should be a number, not `forty`",
        "p.yaml:5:1: `cip_code` should be text, but `47.0604` was read as a number; put it in quotes"
        " (codes such as CIP or NOC lose their leading or trailing zeros otherwise)",
        "p.yaml:6:18: `delivery_modes[0]` is `hybrid`, which is not one of the allowed values:"
        " online, onsite, blended, work_based, self_paced or placement",
        "p.yaml:8:5: `learning_outcomes[0]` should be a mapping of fields, not `Apply things`",
        "p.yaml:9:21: `quality_assurance.approval_date` should be a date written YYYY-MM-DD, not `31/01/2026`",
    ]
    assert not any("pydantic" in e or "Input should" in e for e in errors)


def test_title_is_required_but_other_fields_are_not() -> None:
    errors = errors_of("kind: MicroCredentialProposal\nschema_version: 1\n")
    assert errors == ["p.yaml:1:1: `title` is required"]


def test_header_identifies_a_proposal() -> None:
    with pytest.raises(NotAProposal):
        validate(load_text("name: not a proposal\n", "p.yaml"))
    with pytest.raises(NotAProposal):
        validate(load_text("- a\n- b\n", "p.yaml"))


def test_unsupported_schema_version() -> None:
    with pytest.raises(InputError) as info:
        validate(load_text("kind: MicroCredentialProposal\nschema_version: 7\ntitle: x\n", "p.yaml"))
    assert info.value.key == "model.schema_version"
    assert (info.value.line, info.value.column) == (2, 1)
    assert "7" in info.value.message


def test_unknown_fields_suggest_the_nearest_name() -> None:
    unknown = validate(load_text(HEADER + "learning_outcome: []\nprovider: {nmae: X}\nzzz: 1\n", "p.yaml")).unknown
    assert [(u.pointer, u.suggestion) for u in unknown] == [
        ("/learning_outcome", "learning_outcomes"),
        ("/provider/nmae", "name"),
        ("/zzz", None),
    ]


def test_without_partial_a_wrong_type_still_stops_validation() -> None:
    """Import, export and the self-test must not carry on without a field."""
    with pytest.raises(InputErrors):
        validate(load_text(HEADER + "instructional_hours: forty\n", "p.yaml"))
