"""Property-based tests (hypothesis): bad input never crashes, and output is stable.

- Any JSON-like document, written as YAML or as JSON, loads to a ``Document`` or is an
  ``InputError``; never another exception.
- ``validate`` on any loaded mapping returns or raises an input error.
- The JSON output of a check round-trips through ``json.loads`` / ``json.dumps`` unchanged.
- Findings are the same on every run and do not depend on the order of mapping keys.

Bounded (100 to 150 examples per property, no deadline) and free of timing
assertions, so the suite takes the same time on every machine.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_checker.document import Document
from qa_checker.engine import evaluate
from qa_checker.errors import InputError, InputErrors, NotAProposal
from qa_checker.findings import FileResult
from qa_checker.loader import load_bytes, load_text
from qa_checker.model import Proposal
from qa_checker.output import CheckRun
from qa_checker.output import json as json_out
from qa_checker.pipeline import RunOptions
from qa_checker.rulesets import Catalog, load_catalog
from qa_checker.validate import validate

from conftest import REPO

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def generator() -> Any:
    """benchmarks/generate.py, the realistic-proposal generator (not a package)."""
    path = REPO / "benchmarks" / "generate.py"
    if not path.is_file():  # e.g. tests run from an sdist, which does not ship benchmarks/
        pytest.skip("benchmarks/generate.py is not available")
    spec = importlib.util.spec_from_file_location("qa_bench_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@cache
def catalog() -> Catalog:
    return load_catalog()


# --- strategies -------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: JSON refuses them, YAML has .nan/.inf
    | st.text(max_size=30)
    | st.sampled_from(["yes", "ON", "2026-04-22", "~", "<<", "1e3", "0x1F", "&a", "*a", "!!python/none", ""])
)
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
FIELDS = sorted(Proposal.model_fields)
# Documents with the proposal header and random values in real fields: they get past
# the header check and exercise the model's error paths.
proposal_like = st.builds(
    lambda title, extra: {"kind": "MicroCredentialProposal", "schema_version": 1, "title": title, **extra},
    st.text(max_size=20) | json_like,
    st.dictionaries(st.sampled_from(FIELDS), json_like, max_size=6),
)
documents = json_like | proposal_like


def as_yaml(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def check_bytes(raw: bytes, fmt: str = "yaml", name: str = "proposal.yaml") -> FileResult:
    """What ``runner.check_file`` does for one file, from bytes, with every rule set."""
    try:
        doc = load_bytes(raw, name, fmt=fmt)
        validated = validate(doc)
    except InputError as exc:
        return FileResult(file=name, errors=[exc])
    except InputErrors as exc:
        return FileResult(file=name, errors=list(exc.errors))
    return evaluate(doc, validated, catalog(), RunOptions(frameworks=sorted(catalog().rulesets)))


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same data with the keys of every mapping in a new order (lists keep theirs)."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


def position_free(result: FileResult) -> list[tuple[Any, ...]]:
    """Findings without line and column (which move when keys are reordered), sorted."""
    return sorted(
        (
            f.rule_id,
            f.framework,
            f.clause,
            f.status.value,
            f.severity.value,
            f.message,
            f.fix or "",
            f.pointer,
            tuple(f.related),
            repr(f.waiver),
        )
        for f in result.findings
    )


# --- loading --------------------------------------------------------------------------


@SETTINGS
@given(documents)
def test_any_yaml_document_loads_or_is_an_input_error(value: Any) -> None:
    text = as_yaml(value)
    for load in (lambda: load_text(text, "doc.yaml"), lambda: load_bytes(text.encode("utf-8"), "doc.yaml")):
        try:
            doc = load()
        except InputError:
            continue
        assert isinstance(doc, Document)


@SETTINGS
@given(documents)
def test_any_json_document_loads_or_is_an_input_error(value: Any) -> None:
    text = as_json(value)
    try:
        doc = load_text(text, "doc.json", fmt="json")
    except InputError:
        return
    assert isinstance(doc, Document)
    # JSON means exactly what ``json`` says it means (NaN and Infinity are refused above)
    assert doc.data == json.loads(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_an_input_error(raw: bytes) -> None:
    for fmt in ("yaml", "json"):
        try:
            load_bytes(raw, "doc", fmt=fmt)
        except InputError:
            pass


# --- the model ----------------------------------------------------------------------


@SETTINGS
@given(documents)
def test_validate_returns_or_raises_an_input_error(value: Any) -> None:
    try:
        doc = load_text(as_yaml(value), "doc.yaml")
    except InputError:
        return
    try:
        validated = validate(doc)
    except (InputErrors, NotAProposal, InputError):
        return
    assert isinstance(validated.unknown, list)


# --- output and stability -----------------------------------------------------------


def mutated_proposal(seed: int, index: int, field: str | None, value: Any) -> dict[str, Any]:
    proposal = generator().make_proposal(seed, index)
    if field is not None:
        proposal[field] = value
    return proposal


realistic = st.builds(
    mutated_proposal,
    st.integers(0, 2**16),
    st.integers(0, 10_000),
    st.none() | st.sampled_from(FIELDS),
    json_like,
)


@FEW
@given(realistic | documents)
def test_json_output_round_trips(value: Any) -> None:
    result = check_bytes(as_yaml(value).encode("utf-8"))
    code = 2 if result.errors else 0
    text = json_out.render(CheckRun([result], [], code, catalog()))
    parsed = json.loads(text)
    assert json.dumps(parsed, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert json.loads(json.dumps(parsed, sort_keys=True)) == parsed


@FEW
@given(st.integers(0, 2**16), st.integers(0, 10_000))
def test_findings_are_identical_across_runs(seed: int, index: int) -> None:
    raw = as_yaml(generator().make_proposal(seed, index)).encode("utf-8")
    first, second = check_bytes(raw), check_bytes(raw)
    assert not first.errors
    assert first == second
    assert json_out.render(CheckRun([first], [], 0, catalog())) == json_out.render(CheckRun([second], [], 0, catalog()))


@FEW
@given(st.integers(0, 2**16), st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_key_order(seed: int, index: int, rng: random.Random) -> None:
    proposal = generator().make_proposal(seed, index)
    original = check_bytes(as_yaml(proposal).encode("utf-8"))
    reordered = check_bytes(as_yaml(shuffled(proposal, rng)).encode("utf-8"))
    assert not original.errors and not reordered.errors
    assert position_free(original) == position_free(reordered)
    assert original.verdicts == reordered.verdicts


@pytest.mark.parametrize("index", range(20))
def test_generated_proposals_are_valid(index: int) -> None:
    """The benchmark corpus is made of proposals the model accepts (no input errors)."""
    gen = generator()
    doc = load_text(gen.to_yaml(gen.make_proposal(7, index)), f"p{index}.yaml")
    validate(doc)


def test_generated_malformed_proposals_are_input_errors() -> None:
    """``generate.py --malformed K`` writes files that are input errors, one of each kind."""
    gen = generator()
    for index, kind in enumerate(gen.MALFORMED):
        try:
            validated = validate(load_bytes(gen.make_malformed(7, index), f"{kind}.yaml"), partial=True)
        except (InputError, InputErrors):
            continue
        # a wrong type is that field's input error, the rest still checked (partial results)
        assert validated.errors, kind
