"""Rule schemas compiled to plain Python functions, so a check needs no jsonschema.

A rule's JSON Schema fragment runs on every proposal; going through jsonschema costs its
import on every run and a validator's dispatch on every call. The keywords the shipped
rules use are few and simple, so ``compile_schema`` turns a fragment that uses only them
into nested closures that find the same errors, in the same order, at the same places
as jsonschema's ``iter_errors`` in the rule dialect (``rule_schema``). Anything else (an
unknown keyword, ``$ref``, ``format``, a malformed value) gives None, and the caller
falls back to jsonschema: the compiled form is an optimisation, never a second dialect.

Equivalence is what matters, down to the order of errors, because findings and their
order come from them: ``tests/test_compiled_predicates.py`` runs both forms on
generated proposals for every predicate of every shipped rule set.

The semantics copied from jsonschema 4 (Draft 2020-12): keywords run in the schema's
own key order; ``const``/``enum`` compare with JSON equality (``1 == 1.0``, ``True !=
1``, lists and mappings deeply); ``integer`` accepts ``1.0``; a bool is not a number;
a keyword about another type ignores the value; ``pattern`` searches (not matches) on
RE2, as ``rule_schema`` does.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence, Sized
from functools import cache
from typing import Any

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information


class SchemaError:
    """One error as jsonschema would report it, with only what pointers are made of:
    the path below the instance it was found on, the keyword, the properties a
    ``required`` found missing, and an ``anyOf``/``oneOf``'s errors of each branch."""

    __slots__ = ("context", "keyword", "missing", "path")

    def __init__(
        self,
        keyword: str | None,
        missing: tuple[str, ...] = (),
        context: list[SchemaError] | None = None,
    ) -> None:
        self.path: tuple[str | int, ...] = ()
        self.keyword = keyword
        self.missing = missing
        self.context = context or []


Errors = list[SchemaError]
Node = Callable[[Any], Errors]
_NONE: Errors = []  # shared "no errors"; never mutated (callers copy before extending)


class Unsupported(Exception):
    """The schema uses something this compiler does not reproduce: use jsonschema."""


@cache
def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # the load error says it; RE2's own log line would be noise
    return options


@cache
def re2_program(pattern: str) -> Any:
    """The RE2 program for ``pattern`` (raises ``re2.error`` if RE2 cannot run it); shared
    with ``rule_schema`` so both forms run the same engine with the same options."""
    return re2.compile(pattern, _options())


# -- JSON semantics, as jsonschema._utils and _types define them --------------------------


def _unbool(value: Any, true: object = object(), false: object = object()) -> Any:
    if value is True:
        return true
    if value is False:
        return false
    return value


def json_equal(one: Any, two: Any) -> bool:
    """JSON Schema equality: ``1 == 1.0`` but ``True != 1``; sequences and mappings deeply."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(key in two and json_equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))


def _is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Number)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, Callable[[Any], bool]] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "null": lambda v: v is None,
    "number": _is_number,
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}

# Keywords jsonschema reads for nothing (annotations) or through another keyword.
_PASSIVE = frozenset(
    ("title", "description", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly", "then", "else")
)


# -- compiling -----------------------------------------------------------------------------


def _under(token: str | int, errors: Errors) -> Errors:
    for error in errors:
        error.path = (token, *error.path)
    return errors


def _fail(keyword: str | None) -> Errors:
    return [SchemaError(keyword)]


def _node(schema: Any) -> Node:
    if schema is True:
        return lambda _value: _NONE
    if schema is False:
        return lambda _value: _fail(None)
    if not isinstance(schema, dict):
        raise Unsupported
    parts: list[Node] = []
    for keyword, value in schema.items():
        if keyword in _PASSIVE:
            continue
        build = _KEYWORDS.get(keyword)
        if build is None:
            raise Unsupported(keyword)
        parts.append(build(value, schema))
    return _sequence(parts)


def _sequence(parts: list[Node]) -> Node:
    if not parts:
        return lambda _value: _NONE
    if len(parts) == 1:
        return parts[0]

    def run(value: Any) -> Errors:
        found: Errors | None = None
        for part in parts:
            errors = part(value)
            if errors:
                if found is None:
                    found = list(errors)
                else:
                    found.extend(errors)
        return found if found is not None else _NONE

    return run


def _type(value: Any, _schema: dict[str, Any]) -> Node:
    names = value if isinstance(value, list) else [value]
    if not names or not all(isinstance(n, str) and n in _TYPES for n in names):
        raise Unsupported("type")
    tests = [_TYPES[n] for n in names]
    if len(tests) == 1:
        test = tests[0]
        return lambda v: _NONE if test(v) else _fail("type")
    return lambda v: _NONE if any(t(v) for t in tests) else _fail("type")


def _const(value: Any, _schema: dict[str, Any]) -> Node:
    return lambda v: _NONE if json_equal(v, value) else _fail("const")


def _enum(value: Any, _schema: dict[str, Any]) -> Node:
    if not isinstance(value, list):
        raise Unsupported("enum")
    return lambda v: _NONE if any(json_equal(each, v) for each in value) else _fail("enum")


def _required(value: Any, _schema: dict[str, Any]) -> Node:
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise Unsupported("required")
    names = tuple(value)

    def required(v: Any) -> Errors:
        if not isinstance(v, dict) or all(n in v for n in names):
            return _NONE
        missing = tuple(n for n in names if n not in v)
        # jsonschema reports each missing property as its own error
        return [SchemaError("required", missing) for _ in missing]

    return required


def _properties(value: Any, _schema: dict[str, Any]) -> Node:
    if not isinstance(value, dict):
        raise Unsupported("properties")
    subs = [(name, _node(sub)) for name, sub in value.items()]

    def properties(v: Any) -> Errors:
        if not isinstance(v, dict):
            return _NONE
        found: Errors | None = None
        for name, sub in subs:
            if name in v:
                errors = sub(v[name])
                if errors:
                    found = _under(name, list(errors)) if found is None else found + _under(name, list(errors))
        return found if found is not None else _NONE

    return properties


def _additional(value: Any, schema: dict[str, Any]) -> Node:
    props = schema.get("properties", {})
    if not isinstance(props, dict):
        raise Unsupported("additionalProperties")
    if value is False:
        return lambda v: (
            _fail("additionalProperties") if isinstance(v, dict) and any(k not in props for k in v) else _NONE
        )
    sub = _node(value)
    if value is True:
        return sub

    def additional(v: Any) -> Errors:
        if not isinstance(v, dict):
            return _NONE
        found: Errors = []
        # the same set, built in the same order, as jsonschema iterates
        for extra in set(k for k in v if k not in props):
            found.extend(_under(extra, list(sub(v[extra]))))
        return found or _NONE

    return additional


def _count(keyword: str, value: Any, kind: type[Sized], longer: bool) -> Node:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unsupported(keyword)
    if longer:
        return lambda v: _fail(keyword) if isinstance(v, kind) and len(v) > value else _NONE
    return lambda v: _fail(keyword) if isinstance(v, kind) and len(v) < value else _NONE


def _bound(keyword: str, value: Any, failed: Callable[[Any, Any], bool]) -> Node:
    if not _is_number(value):
        raise Unsupported(keyword)
    return lambda v: _fail(keyword) if _is_number(v) and failed(v, value) else _NONE


def _contains(value: Any, schema: dict[str, Any]) -> Node:
    if "minContains" in schema or "maxContains" in schema:
        raise Unsupported("contains")
    sub = _node(value)
    return lambda v: _fail("contains") if isinstance(v, list) and all(sub(e) for e in v) else _NONE


def _items(value: Any, schema: dict[str, Any]) -> Node:
    if "prefixItems" in schema:
        raise Unsupported("items")
    if value is False:
        return lambda v: _fail("items") if isinstance(v, list) and v else _NONE
    sub = _node(value)

    def items(v: Any) -> Errors:
        if not isinstance(v, list):
            return _NONE
        found: Errors | None = None
        for index, each in enumerate(v):
            errors = sub(each)
            if errors:
                found = _under(index, list(errors)) if found is None else found + _under(index, list(errors))
        return found if found is not None else _NONE

    return items


def _pattern(value: Any, _schema: dict[str, Any]) -> Node:
    if not isinstance(value, str):
        raise Unsupported("pattern")
    try:
        search = re2_program(value).search
    except re2.error:
        raise Unsupported("pattern") from None
    return lambda v: _fail("pattern") if isinstance(v, str) and not search(v) else _NONE


def _subs(keyword: str, value: Any) -> list[Node]:
    if not isinstance(value, list) or not value:
        raise Unsupported(keyword)
    return [_node(sub) for sub in value]


def _all_of(value: Any, _schema: dict[str, Any]) -> Node:
    return _sequence(_subs("allOf", value))


def _any_of(value: Any, _schema: dict[str, Any]) -> Node:
    subs = _subs("anyOf", value)

    def any_of(v: Any) -> Errors:
        context: Errors = []
        for sub in subs:
            errors = sub(v)
            if not errors:
                return _NONE
            context.extend(errors)
        return [SchemaError("anyOf", context=context)]

    return any_of


def _one_of(value: Any, _schema: dict[str, Any]) -> Node:
    subs = _subs("oneOf", value)

    def one_of(v: Any) -> Errors:
        context: Errors = []
        for index, sub in enumerate(subs):
            errors = sub(v)
            if not errors:
                # jsonschema: valid under more than one is an error with no branch errors
                return _fail("oneOf") if any(not other(v) for other in subs[index + 1 :]) else _NONE
            context.extend(errors)
        return [SchemaError("oneOf", context=context)]

    return one_of


def _not(value: Any, _schema: dict[str, Any]) -> Node:
    sub = _node(value)
    return lambda v: _NONE if sub(v) else _fail("not")


def _if(value: Any, schema: dict[str, Any]) -> Node:
    test = _node(value)
    then = _node(schema["then"]) if "then" in schema else None
    otherwise = _node(schema["else"]) if "else" in schema else None

    def if_(v: Any) -> Errors:
        if not test(v):
            return then(v) if then is not None else _NONE
        return otherwise(v) if otherwise is not None else _NONE

    return if_


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Node]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "minItems": lambda v, _s: _count("minItems", v, list, longer=False),
    "maxItems": lambda v, _s: _count("maxItems", v, list, longer=True),
    "minLength": lambda v, _s: _count("minLength", v, str, longer=False),
    "maxLength": lambda v, _s: _count("maxLength", v, str, longer=True),
    "minimum": lambda v, _s: _bound("minimum", v, lambda x, m: x < m),
    "maximum": lambda v, _s: _bound("maximum", v, lambda x, m: x > m),
    "exclusiveMinimum": lambda v, _s: _bound("exclusiveMinimum", v, lambda x, m: x <= m),
    "exclusiveMaximum": lambda v, _s: _bound("exclusiveMaximum", v, lambda x, m: x >= m),
    "contains": _contains,
    "items": _items,
    "pattern": _pattern,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
}


class Compiled:
    """A compiled schema: ``errors`` as jsonschema's ``iter_errors`` would list them."""

    __slots__ = ("errors",)

    def __init__(self, node: Node) -> None:
        self.errors = node

    def is_valid(self, instance: Any) -> bool:
        return not self.errors(instance)


def compile_schema(schema: Any) -> Compiled | None:
    """The compiled form of ``schema``, or None when only jsonschema can run it."""
    try:
        return Compiled(_node(schema))
    except (Unsupported, RecursionError):
        return None
