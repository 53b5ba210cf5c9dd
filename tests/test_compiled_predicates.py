"""Compiled rule schemas (``schemacompile``) agree with jsonschema, error for error.

Every finding comes from a predicate's violations, in order, so the compiled form must
give exactly the ``CheckResult`` jsonschema gives, for every predicate of every shipped
rule set (each rule's ``check`` and ``when``, each rule set's ``when``, and the
``filter`` of ``covered``). The proposals are mutations of real ones (the examples, the
listings, every rule's pass and fail examples, the benchmark generator): fields
dropped, replaced by values the rules look for, retyped, or added, so both the passing
and the failing branch of every predicate are reached (asserted, not hoped for).

The unit tests pin the JSON Schema semantics that are easy to get wrong.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import sys
from collections.abc import Iterator
from functools import cache
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_checker import rule_schema, rulefiles, schemacompile
from qa_checker.builtins import MODULES
from qa_checker.builtins.result import Check
from qa_checker.loader import load_document
from qa_checker.paths import rules_dir
from qa_checker.predicates import compile_predicate
from qa_checker.rulesets import load_catalog, rule_files

from conftest import REPO

PROPOSALS_PER_EXAMPLE = 8
EXAMPLES = 640  # x 8 = 5,120 proposals


@cache
def shipped_specs() -> list[dict[str, Any]]:
    """Every distinct predicate spec the shipped rule sets run, settings substituted."""
    catalog = load_catalog(lang="en")
    specs: dict[str, dict[str, Any]] = {}
    for ruleset in catalog.rulesets.values():
        for rule in ruleset.rules:
            for part in ("check", "when"):
                if part in rule.spec:
                    specs[json.dumps(rule.spec[part], sort_keys=True)] = rule.spec[part]
    for path in rule_files(rules_dir()):
        doc = load_document(path)
        if "when" in doc.data:
            merged = catalog.rulesets[doc.data["ruleset"]].settings
            when = rulefiles._substitute(doc.data["when"], merged, doc, "/when")
            specs[json.dumps(when, sort_keys=True)] = when
    return [spec for spec in specs.values() if _schemas_of(spec)]


def _schemas_of(spec: dict[str, Any]) -> list[Any]:
    """The JSON Schemas a predicate runs: its own, or a built-in's schema parameters."""
    if "schema" in spec:
        return [spec["schema"]]
    given = spec.get("with", {})
    return [given[name] for name in getattr(MODULES[spec["builtin"]], "SCHEMA_PARAMS", ()) if name in given]


@cache
def both_forms() -> list[tuple[str, Check, Check]]:
    """(spec as JSON, compiled check, jsonschema check) for every shipped predicate."""
    specs = shipped_specs()
    fast = [compile_predicate(spec) for spec in specs]
    with mock.patch.object(schemacompile, "compile_schema", lambda _schema: None):
        slow = [compile_predicate(spec) for spec in specs]
    return [(json.dumps(spec), f, s) for spec, f, s in zip(specs, fast, slow, strict=True)]


# --- generated proposals ---------------------------------------------------------------


@cache
def generator() -> Any:
    path = REPO / "benchmarks" / "generate.py"
    if not path.is_file():
        pytest.skip("benchmarks/generate.py is not available")
    spec = importlib.util.spec_from_file_location("qa_bench_generate_compiled", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def seeds() -> list[Any]:
    """Real proposals and every rule's pass and fail examples."""
    found: list[Any] = []
    for folder in (REPO / "examples", REPO / "tests" / "data" / "listings"):
        found += [load_document(p).data for p in sorted(folder.glob("*.yaml"))]
    for ruleset in load_catalog(lang="en").rulesets.values():
        for rule in ruleset.rules:
            for items in rule.examples.values():
                found += items
    return [seed for seed in found if isinstance(seed, dict)]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def _schema_values(schema: Any, names: set[str], values: list[Any]) -> None:
    """Property names, constants and bounds a schema mentions: what mutations put in."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("properties",) and isinstance(value, dict):
                names.update(value)
            if key == "required" and isinstance(value, list):
                names.update(value)
            if key == "const":
                values.append(value)
            if key == "enum" and isinstance(value, list):
                values.extend(value)
            if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"):
                values += [value, value - 1, value + 1, float(value), str(value)]
            _schema_values(value, names, values)
    elif isinstance(schema, list):
        for item in schema:
            _schema_values(item, names, values)


@cache
def pool() -> tuple[list[str], list[Any]]:
    names: set[str] = set()
    values: list[Any] = [None, True, False, 0, 1, 1.0, -1, 0.5, "", "x", "none", [], {}, [{}], ["x"], {"x": 1}]
    for spec in shipped_specs():
        for schema in _schemas_of(spec):
            _schema_values(schema, names, values)
    for seed in seeds():
        rng = random.Random(json.dumps(seed, sort_keys=True, default=str))
        nodes = [n for n in _nodes(seed) if n]
        for path in rng.sample(nodes, min(len(nodes), 6)):
            values.append(_get(seed, path))
    return sorted(names), values


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for token in path:
        value = value[token]
    return value


def _retype(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return rng.choice([int(value), str(value).lower(), not value])
    if isinstance(value, int | float):
        return rng.choice([str(value), float(value), bool(value), [value], value + 1])
    if isinstance(value, str):
        return rng.choice([len(value), [value], {value: value}, value[: len(value) // 2], value.upper()])
    if isinstance(value, list):
        return rng.choice(
            [value[0] if value else None, {str(i): v for i, v in enumerate(value)}, value[1:], value + value[:1]]
        )
    if isinstance(value, dict):
        return rng.choice([list(value.values()), list(value), {}])
    return rng.choice(["", 0, []])


def mutate(proposal: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """1 to 4 of: drop a field, replace it, retype it, or add a field a rule looks at."""
    names, values = pool()
    proposal = copy.deepcopy(proposal)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice([n for n in _nodes(proposal) if n] or [()])
        op = rng.random()
        if not path or op < 0.2:  # add a field some schema names, somewhere a mapping is
            holders = [n for n in _nodes(proposal) if isinstance(_get(proposal, n), dict)]
            holder = _get(proposal, rng.choice(holders))
            holder[rng.choice(names)] = copy.deepcopy(rng.choice(values))
            continue
        parent, key = _get(proposal, path[:-1]), path[-1]
        if op < 0.45:
            del parent[key]
        elif op < 0.8:
            parent[key] = copy.deepcopy(rng.choice(values))
        else:
            parent[key] = _retype(parent[key], rng)
    return proposal


def batch(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    found = []
    for _ in range(PROPOSALS_PER_EXAMPLE):
        if rng.random() < 0.25:
            base = generator().make_proposal(rng.randrange(2**16), rng.randrange(10_000))
        else:
            base = rng.choice(seeds())
        found.append(base if rng.random() < 0.1 else mutate(base, rng))
    return found


def test_every_shipped_predicate_compiles() -> None:
    """No silent fallback: every schema the shipped rules run has a compiled form."""
    schemas = [schema for spec in shipped_specs() for schema in _schemas_of(spec)]
    assert len(schemas) > 100
    assert [s for s in schemas if schemacompile.compile_schema(s) is None] == []


def test_compiled_agrees_with_jsonschema_on_generated_proposals() -> None:
    checks = both_forms()
    outcomes: dict[str, set[bool]] = {spec: set() for spec, _, _ in checks}
    counted = 0

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 2**32))
    def agree(seed: int) -> None:
        nonlocal counted
        for proposal in batch(seed):
            for spec, fast, slow in checks:
                expected = slow(proposal)
                assert fast(proposal) == expected, (spec, proposal)
                outcomes[spec].add(bool(expected.violations))
            counted += 1

    agree()
    assert counted >= 5_000
    one_sided = [spec for spec, seen in outcomes.items() if seen != {True, False}]
    assert one_sided == [], f"{len(one_sided)} predicates never both passed and failed"


# --- keyword semantics -------------------------------------------------------------------


def _both(schema: Any, instance: Any, each: str | None = None) -> None:
    spec: dict[str, Any] = {"schema": schema, **({"each": each} if each else {})}
    assert schemacompile.compile_schema(schema) is not None
    with mock.patch.object(schemacompile, "compile_schema", lambda _schema: None):
        slow = compile_predicate(spec)
    assert compile_predicate(spec)(instance) == slow(instance)


TRICKY: list[tuple[Any, list[Any]]] = [
    ({"const": 1}, [1, 1.0, True, "1", [1]]),
    ({"const": False}, [0, False, 0.0, None]),
    ({"const": [1, {"a": True}]}, [[1.0, {"a": True}], [1, {"a": 1}], [True, {"a": True}], (1, {"a": True})]),
    ({"enum": [0, "a", None, {"k": [1]}]}, [False, 0.0, "a", None, {"k": [1.0]}, {"k": [True]}]),
    ({"type": "integer"}, [1, 1.0, 1.5, True, "1"]),
    ({"type": ["number", "null"]}, [True, 2.5, None, "x"]),
    ({"minimum": 3, "exclusiveMaximum": 5}, ["2", 2, 3, 4.99, 5, True, None]),
    ({"exclusiveMinimum": 0, "maximum": 1.5}, [0, 0.0, 1.5, 1.6, False]),
    ({"pattern": "^\\d{4}$"}, ["2026", "x2026", 2026]),
    ({"pattern": "b"}, ["abc", "xyz"]),  # search, not match
    ({"minItems": 2, "maxItems": 3}, [[1], [1, 2], [1, 2, 3, 4], "ab", {"a": 1}]),
    ({"minLength": 2, "maxLength": 3}, ["a", "ab", "abcd", ["a"]]),
    ({"contains": {"const": "x"}}, [[], ["x"], ["y"], "x"]),
    ({"items": {"type": "string"}}, [["a", 1, "b", 2], [], {"0": 1}]),
    ({"items": False}, [[], [1]]),
    ({"required": ["a", "b", "c"]}, [{}, {"b": 1}, [1], "abc"]),
    (
        {"properties": {"a": {"required": ["x", "y"]}, "b": {"type": "string"}}, "required": ["c"]},
        [{"a": {}, "b": 1}, {"a": {"x": 1}}, {"c": 1, "b": "s"}],
    ),
    (
        {"anyOf": [{"required": ["a"]}, {"properties": {"b": {"properties": {"c": {"const": 1}}}}}]},
        [{}, {"b": {"c": 2}}, {"b": {"c": 1}}, {"a": 1}],
    ),
    (
        {"anyOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"b": {"type": "string"}}}]},
        [{"a": 1, "b": 2}, {"a": "s", "b": 2}],
    ),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, [1, -1, 0.5, -0.5, "x"]),
    ({"not": {"required": ["a"]}}, [{"a": 1}, {}, 3]),
    (
        {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}, "title": "t"},
        [{"a": 1}, {}, {"a": 1, "b": 2}, 5],
    ),
    ({"then": {"required": ["b"]}}, [{}]),  # then without if does nothing
    ({"additionalProperties": False, "properties": {"a": {}}}, [{"a": 1}, {"a": 1, "b": 2}]),
    ({"additionalProperties": {"type": "string"}, "properties": {"a": {}}}, [{"a": 1, "b": 2, "c": "x", "d": 3}]),
    ({"allOf": [{"required": ["a"]}, {"required": ["a", "b"]}]}, [{}, {"a": 1}]),
    (True, [1, None]),
    (False, [1, None]),
    ({"properties": {"list": {"items": {"anyOf": [{"const": 1}, {"required": ["k"]}]}}}}, [{"list": [1, {}, 2]}]),
]


@pytest.mark.parametrize(("schema", "instances"), TRICKY, ids=[json.dumps(s)[:40] for s, _ in TRICKY])
def test_tricky_keywords_agree(schema: Any, instances: list[Any]) -> None:
    for instance in instances:
        _both(schema, instance)


def test_each_targets_agree() -> None:
    data = {"items": [{"a": 1}, {"b": 2}, {"a": "x"}], "other": {"p": {"a": 1}, "q": {}}}
    for each in ("/items/*", "/other/*", "/missing/*", "/items/1"):
        _both({"required": ["a"], "properties": {"a": {"type": "integer"}}}, data, each)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-3, 3) | st.sampled_from(["", "a", "x", "2026"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from("abcx"), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TRICKY), json_like)
def test_tricky_keywords_agree_on_any_value(case: tuple[Any, list[Any]], instance: Any) -> None:
    _both(case[0], instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#/$defs/a", "$defs": {"a": {}}},
        {"format": "date"},
        {"uniqueItems": True},
        {"minimun": 1},  # unknown keywords: jsonschema ignores them, the compiler does not guess
        {"patternProperties": {"a": {}}},
        {"properties": {"a": {"$id": "x"}}},
        {"contains": {}, "minContains": 2},
        {"items": {}, "prefixItems": [{}]},
        {"pattern": "(a)\\1"},  # not RE2
        {"type": "whatever"},
    ],
)
def test_anything_else_is_left_to_jsonschema(schema: Any) -> None:
    assert schemacompile.compile_schema(schema) is None


def test_unsafe_schemas_are_still_refused() -> None:
    """Falling back keeps the dialect's guarantees: an unsafe schema never runs."""
    for schema in ({"pattern": "(a)\\1"}, {"properties": {"a": {"$id": "https://example.org/x"}}}):
        with pytest.raises(rule_schema.UnsafeSchema):
            compile_predicate({"schema": schema})
