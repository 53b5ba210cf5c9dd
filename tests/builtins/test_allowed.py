"""``allowed``: a field holds one of a configurable list of values (empty list: any text)."""

from __future__ import annotations

from qa_checker.builtins import MODULES

from conftest import run_builtin as run

PARAMS = {"field": "/omc/category", "values": ["technical", "business"]}


def test_allowed_accepts_a_listed_value_and_names_it_for_the_reviewer() -> None:
    result = MODULES["allowed"].compile(PARAMS)({"omc": {"category": "technical"}})
    assert result.violations == [] and result.found == ["/omc/category"]


def test_allowed_refuses_an_unlisted_value_naming_the_choices() -> None:
    assert run("allowed", PARAMS, {"omc": {"category": "culinary"}}) == [
        ("/omc/category", {"allowed": "business, technical"})
    ]


def test_allowed_reports_a_missing_value_where_it_should_go() -> None:
    params = {"field": "/omc/categories/*", "values": ["technical"]}
    assert [p for p, _ in run("allowed", params, {"omc": {}})] == ["/omc/categories"]


def test_allowed_with_an_empty_list_asks_only_for_some_text() -> None:
    params = {"field": "/omc/category", "values": []}
    assert run("allowed", params, {"omc": {"category": "anything at all"}}) == []
    assert len(run("allowed", params, {"omc": {"category": "   "}})) == 1
    assert len(run("allowed", params, {"omc": {"category": 7}})) == 1
