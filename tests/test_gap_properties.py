"""More information stated never makes a proposal look worse (issue #14, "Done when").

A board that triages by count must not rank a detailed proposal below a thin one. Two
properties, over the realistic thin listings in tests/data/listings:
- adding a true fact (a complete section taken from examples/complete.yaml, with the
  sections it refers to) never increases the number of blocking gaps;
- stating more learning outcomes never lowers a framework's clauses met nor raises its
  blocking clauses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa_checker import gaps, readiness
from qa_checker.engine import evaluate
from qa_checker.findings import FileResult
from qa_checker.loader import load_text
from qa_checker.pipeline import RunOptions
from qa_checker.rulesets import Catalog, load_catalog
from qa_checker.validate import validate

from conftest import EXAMPLES, REPO

LISTINGS = REPO / "tests" / "data" / "listings"
THIN = tuple(sorted(p.name for p in LISTINGS.glob("*.yaml")))
# Facts a real listing states, each with what it refers to (an employer's letter is
# in `evidence`, an assessment maps to outcomes and competencies), so each is true on
# its own: adding it states something, and invents no dangling reference.
FACTS: dict[str, tuple[str, ...]] = {
    "curriculum": (
        "learning_outcomes",
        "competencies",
        "outcome_competency_map",
        "assessments",
        "assessment_supervision",
        "completion_criteria",
    ),
    "record": ("record_type", "transcript_recorded", "digital_credential", "issuance_template"),
    "pathway": ("relationship_to_formal_credential", "parent_credentials", "stackability", "pathways"),
    "need": ("labour_market_need", "employer_partners", "community_partners", "endorsements", "evidence"),
    "governance": ("quality_assurance", "institutional_approval", "evidence"),
    "access": ("learner_supports", "accessibility", "cost", "public_info", "credit_status", "credits"),
    "more": ("recognition_of_prior_learning", "evaluation_plan", "indigenous_engagement", "registry_listing"),
}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def catalog() -> Catalog:
    return load_catalog()


@cache
def complete() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "complete.yaml").read_text(encoding="utf-8"))
    return data


@cache
def thin(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((LISTINGS / name).read_text(encoding="utf-8"))
    return data


def check(data: dict[str, Any]) -> FileResult:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    doc = load_text(text, "proposal.yaml")
    result = evaluate(doc, validate(doc), catalog(), RunOptions(frameworks=sorted(catalog().rulesets)))
    assert not result.errors, result.errors
    return result


def with_facts(name: str, facts: frozenset[str]) -> dict[str, Any]:
    """The listing plus the facts' sections that it does not state already."""
    data = dict(thin(name))
    for fact in sorted(facts):
        for key in FACTS[fact]:
            data.setdefault(key, complete()[key])
    return data


@SETTINGS
@given(
    name=st.sampled_from(THIN),
    base=st.frozensets(st.sampled_from(sorted(FACTS))),
    extra=st.sampled_from(sorted(FACTS)),
)
# Cases hypothesis found once, kept so they are always run: a rule reading several
# fields (BC-C6; UK-C2 at info level) used to fuse separate gaps until a fact settled it.
@example(name="two-sentence.yaml", base=frozenset(), extra="pathway")
@example(name="bc-registry.yaml", base=frozenset(), extra="access")
def test_adding_a_true_fact_never_adds_a_blocking_gap(name: str, base: frozenset[str], extra: str) -> None:
    before = gaps.blocking(check(with_facts(name, base)).findings)
    after = gaps.blocking(check(with_facts(name, base | {extra})).findings)
    assert after <= before, (name, sorted(base), extra)


def sound(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outcomes a designer may state without a defect: not the listing's deliberate
    "Understand ..." (an unobservable verb is a real gap, and may lower readiness)."""
    return [o for o in outcomes if o["statement"].split()[0] not in ("Understand", "Know", "Learn")]


@pytest.mark.parametrize("name", ["two-sentence.yaml", "fifteen-outcomes.yaml"])
def test_stating_more_outcomes_never_lowers_readiness(name: str) -> None:
    outcomes = sound(thin(name).get("learning_outcomes") or complete()["learning_outcomes"])
    assert len(outcomes) >= 4
    previous: dict[str, readiness.Readiness] = {}
    for count in range(len(outcomes) + 1):
        data = dict(thin(name))
        data["learning_outcomes"] = outcomes[:count]
        if not count:
            data.pop("learning_outcomes")
        now = {r.framework: r for r in readiness.of_result(check(data))}
        for framework, before in previous.items():
            assert now[framework].met >= before.met, (name, count, framework)
            assert now[framework].blocking <= before.blocking, (name, count, framework)
        previous = now


def test_the_facts_are_sections_of_the_complete_example() -> None:
    """A fact list that drifted from the example would test nothing."""
    assert all(key in complete() for keys in FACTS.values() for key in keys)
    assert all((LISTINGS / name).is_file() for name in THIN)
    assert Path(EXAMPLES / "complete.yaml").is_file()


def test_the_facts_settle_blocking_gaps() -> None:
    """The property above would hold vacuously if the facts changed nothing."""
    bare = gaps.blocking(check(with_facts("two-sentence.yaml", frozenset())).findings)
    full = gaps.blocking(check(with_facts("two-sentence.yaml", frozenset(FACTS))).findings)
    assert bare >= 10 and full < bare // 2, (bare, full)


@pytest.mark.parametrize("name", THIN)
@pytest.mark.parametrize("fact", sorted(FACTS))
def test_each_single_fact_never_adds_a_blocking_gap(name: str, fact: str) -> None:
    """Every listing with every one fact: the cases a board meets most, checked exhaustively."""
    before = gaps.blocking(check(with_facts(name, frozenset())).findings)
    after = gaps.blocking(check(with_facts(name, frozenset({fact}))).findings)
    assert after <= before
