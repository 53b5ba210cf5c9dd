"""What a reviewer's decision is bound to: the values a rule reads, not the file's bytes."""

from __future__ import annotations

from typing import Any

import pytest

from qa_checker.rule_inputs import WHOLE, fingerprint, inputs
from qa_checker.rulesets import Catalog, Rule, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def rule_with(check: dict[str, Any], **extra: Any) -> Rule:
    from qa_checker.predicates import compile_predicate

    return Rule(
        id="X-1", ruleset="x", framework="x", clause="C1", title="t", requirement="must", kind="judgement",
        check=compile_predicate(check), message="m", source={}, examples={}, file="x.yaml", line=1,
        spec={"check": check}, **extra,
    )  # fmt: skip


def paths(rule: Rule) -> list[str]:
    return [item.path for item in inputs(rule)]


def test_schema_paths_each_surface_and_at_are_the_inputs() -> None:
    rule = rule_with(
        {"each": "/learning_outcomes/*", "schema": {"required": ["statement"], "properties": {"statement": {}}}},
        surface=["/competencies"],
        at="/outcome_competency_map",
    )
    assert paths(rule) == ["/competencies", "/learning_outcomes/*/statement", "/outcome_competency_map"]


def test_a_keyword_that_reads_the_whole_proposal_falls_back_to_all_of_it() -> None:
    assert paths(rule_with({"schema": {"minProperties": 3}})) == [WHOLE]
    assert paths(rule_with({"schema": {"not": {"required": ["x"]}, "additionalProperties": False}})) == [WHOLE]


def test_every_shipped_review_rule_has_derived_inputs(catalog: Catalog) -> None:
    """None of the shipped evidence or judgement rules needs the whole-document fallback."""
    for rule in catalog.rules():
        if rule.kind != "automatic":
            assert WHOLE not in paths(rule), rule.id


def test_fingerprint_ignores_unrelated_values_and_order(catalog: Catalog) -> None:
    rule = catalog.rule("CICAN-P2.2")
    assert rule is not None
    qa = {"id": "E1", "type": "qa_approval", "title": "AQC-2026-17"}
    letter = {"id": "E2", "type": "employer_letter", "title": "Letter"}
    base = fingerprint(rule, "1", {"title": "A", "evidence": [qa]})
    assert fingerprint(rule, "1", {"title": "B", "evidence": [letter, qa]}) == base
    assert fingerprint(rule, "1", {"title": "A", "evidence": [{**qa, "title": "AQC-2026-18"}]}) != base
    assert fingerprint(rule, "2", {"title": "A", "evidence": [qa]}) != base, "the rule-set version counts"
    assert fingerprint(rule, "1", {"title": "A", "evidence": []}) != base
