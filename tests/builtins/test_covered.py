"""``covered``: every item is covered by something that maps to it."""

from __future__ import annotations

from conftest import run_builtin as run

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
