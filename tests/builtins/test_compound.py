"""``compound``: one outcome per statement, not two bundled together."""

from __future__ import annotations

from conftest import run_builtin as run


def test_compound_flags_bundled_outcomes() -> None:
    params = {"fields": "/learning_outcomes/*/statement", "verbs": ["analyse", "design", "apply"]}
    bundled = {"learning_outcomes": [{"statement": "Analyse sensor data and design a maintenance plan"}]}
    single = {"learning_outcomes": [{"statement": "Apply safety and isolation procedures"}]}
    assert [p for p, _ in run("compound", params, bundled)] == ["/learning_outcomes/0/statement"]
    assert run("compound", params, single) == []
