"""``unique``: IDs are not repeated."""

from __future__ import annotations

from conftest import run_builtin as run


def test_unique_names_the_first_use() -> None:
    data = {"learning_outcomes": [{"id": "LO1"}, {"id": "LO2"}, {"id": "LO1"}]}
    assert run("unique", {"values": "/learning_outcomes/*/id"}, data) == [
        ("/learning_outcomes/2/id", {"value": "LO1", "first": "/learning_outcomes/0/id"})
    ]
