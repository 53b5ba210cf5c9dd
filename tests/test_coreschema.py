"""The lean proposal validator (``coreschema``) says exactly what the pydantic model says.

``check`` validates proposals with a pydantic-core ``SchemaValidator`` built from the
stored schema in ``schemas/core/proposal.json`` instead of building the model classes
(issue 18). These tests keep that file in step with ``model.py`` and show the two agree
on the errors (type, location, context, order), the "did you mean" field names and the
allowed values, for every example and listing and thousands of damaged copies of them.
"""

from __future__ import annotations

import copy
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from qa_checker import coreschema
from qa_checker.migration import upgrade
from qa_checker.model import Proposal
from qa_checker.validate import _choices, _model_at

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    path
    for pattern in ("examples/*.yaml", "examples/world/*.yaml", "tests/data/listings/*.yaml", "tests/data/v1/*.yaml")
    for path in ROOT.glob(pattern)
)
# what a damaged copy may hold instead of a value: every JSON type, edge numbers, dates
VALUES: list[Any] = [None, 0, 1, -1, 1.5, 1e400, "", "x", "zzz", "2026-13-45", "2026-01-01", True]
VALUES += [[], {}, [1], {"a": 1}]


def _pydantic_errors(data: Any) -> list[Any]:
    try:
        Proposal.model_validate(data)
    except ValidationError as exc:
        return list(exc.errors(include_url=False))
    return []


def _proposals() -> list[dict[str, Any]]:
    found = []
    for path in SOURCES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("schema_version") == 1:
            data = upgrade(data).data  # read as format 2, as check does
        if isinstance(data, dict) and data.get("schema_version") == 2:
            found.append(data)
    return found


def _locations(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _locations(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _locations(value, (*loc, index))


def _damaged(data: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    locations = list(_locations(data))[1:]
    for _ in range(rnd.randint(1, 3)):
        *parents, last = rnd.choice(locations)
        node: Any = copied
        try:
            for part in parents:
                node = node[part]
            if rnd.random() < 0.15 and isinstance(node, dict):
                node[f"{last}x"] = node.pop(last)  # a misspelt key
            else:
                node[last] = rnd.choice(VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return copied


def test_the_stored_schema_is_the_models() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_core_schema.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_every_shipped_proposal_validates_alike() -> None:
    proposals = _proposals()
    assert len(proposals) >= 20
    for data in proposals:
        assert coreschema.errors(data) == _pydantic_errors(data)


def test_damaged_proposals_give_the_same_errors_in_the_same_order() -> None:
    rnd = random.Random(18)
    compared = with_errors = 0
    for data in _proposals():
        for _ in range(150):
            damaged = _damaged(data, rnd)
            expected = _pydantic_errors(damaged)
            assert coreschema.errors(damaged) == expected, damaged
            compared += 1
            with_errors += bool(expected)
    # most copies are really damaged, so the comparison is about errors, not passes
    assert compared >= 3000 and with_errors > compared * 0.6


def _model_locations(model: type[BaseModel], loc: tuple[Any, ...] = (), depth: int = 0) -> Iterator[tuple[Any, ...]]:
    """Every field location as an error names it (an item of a list by its index)."""
    for name in model.model_fields:
        here = (*loc, name)
        yield here
        if depth > 6:
            continue
        item = _model_at((*here, 0), Proposal)
        if item is not None:
            yield (*here, 0)
            yield from _model_locations(item, (*here, 0), depth + 1)
            continue
        inner = _model_at(here, Proposal)
        if inner is not None:
            yield from _model_locations(inner, here, depth + 1)


@pytest.mark.parametrize("loc", list(_model_locations(Proposal)), ids=lambda loc: "/".join(map(str, loc)))
def test_suggestions_and_choices_read_the_same_fields(loc: tuple[Any, ...]) -> None:
    model = _model_at(loc, Proposal)
    assert coreschema.fields_at(loc) == (list(model.model_fields) if model is not None else None)
    assert coreschema.choices_at(loc) == _choices(loc, Proposal)


def test_the_top_level_fields_are_known() -> None:
    assert coreschema.fields_at(()) == list(Proposal.model_fields)
