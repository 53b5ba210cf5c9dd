"""``compound``: one outcome per statement, not two bundled together."""

from __future__ import annotations

from conftest import run_builtin as run


def test_compound_flags_bundled_outcomes() -> None:
    params = {"fields": "/learning_outcomes/*/statement", "verbs": ["analyse", "design", "apply"]}
    bundled = {"learning_outcomes": [{"statement": "Analyse sensor data and design a maintenance plan"}]}
    single = {"learning_outcomes": [{"statement": "Apply safety and isolation procedures"}]}
    assert [p for p, _ in run("compound", params, bundled)] == ["/learning_outcomes/0/statement"]
    assert run("compound", params, single) == []


GP_PARAMS = {
    "fields": "/learning_outcomes/*/statement",
    "verbs": ["analyse", "apply", "build", "configure", "describe", "design", "explain", "install", "maintain"],
    "nouns": ["build", "design"],
}


def _flags(statement: str) -> list[str]:
    data = {"learning_outcomes": [{"id": "LO1", "statement": statement}]}
    return [params["verbs"] for _, params in run("compound", GP_PARAMS, data)]


def test_a_verb_that_is_also_a_noun_starts_a_noun_phrase_after_and() -> None:
    """Issue #14: "design considerations" is a second object of "Describe", not an outcome."""
    assert _flags("Describe structural systems and design considerations") == []
    assert _flags("Explain load paths, framing methods and build quality in wood structures.") == []


def test_the_same_word_followed_by_an_object_marker_is_a_second_outcome() -> None:
    assert _flags("Analyse sensor data and design a maintenance plan") == ["Analyse, design"]
    assert _flags("Describe the envelope and design it for a cold climate") == ["Describe, design"]
    assert _flags("Design and build a raised garden bed") == ["Design, build"]


def test_verbs_inside_an_infinitive_belong_to_one_outcome() -> None:
    assert _flags("Explain how to install and maintain an air-source heat pump") == []
    assert _flags("Install, configure and maintain a heat pump") == ["Install, configure, maintain"]


def test_a_word_listed_as_noun_still_opens_the_first_outcome() -> None:
    """At the start of a statement the word is the outcome's verb, whatever follows it."""
    assert _flags("Design decks and describe their loads") == ["Design, describe"]
