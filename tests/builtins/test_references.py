"""``references``: every reference names an existing ID."""

from __future__ import annotations

from conftest import run_builtin as run


def test_references_flags_the_bad_reference_only() -> None:
    params = {"from": "/assessments/*/maps_to/*", "to": ["/competencies/*/id", "/learning_outcomes/*/id"]}
    data = {
        "competencies": [{"id": "C1"}],
        "learning_outcomes": [{"id": "LO1"}],
        "assessments": [{"maps_to": ["C1", "LO1", "LO9"]}],
    }
    assert run("references", params, data) == [("/assessments/0/maps_to/2", {"ref": "LO9"})]
