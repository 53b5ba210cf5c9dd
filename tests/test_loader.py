"""The loader: data, positions, and refusal of hostile or malformed input."""

from __future__ import annotations

import pytest

from qa_checker.document import Position
from qa_checker.errors import InputError
from qa_checker.limits import Limits
from qa_checker.loader import load_bytes, load_text

DEFAULT = Limits()


def error_of(text: str | bytes, fmt: str = "yaml", limits: Limits = DEFAULT) -> InputError:
    with pytest.raises(InputError) as info:
        if isinstance(text, bytes):
            load_bytes(text, "p.yaml", limits, fmt)
        else:
            load_text(text, "p.yaml", limits, fmt)
    return info.value


def test_positions_of_keys_and_items() -> None:
    doc = load_text("a: 1\nlist:\n  - x\n  - {id: LO2, statement: Apply}\n", "p.yaml")
    assert doc.locate("/a") == Position(1, 1)
    assert doc.locate("/list/1") == Position(4, 5)
    assert doc.locate("/list/1/statement") == Position(4, 15)
    # a missing field is located at its nearest existing ancestor
    assert doc.locate("/list/1/missing") == Position(4, 5)


def test_word_offsets_inside_plain_quoted_and_literal_strings() -> None:
    text = 'a: Understand things\nb: "Know it"\nc: |\n  first line\n  then learn\n'
    doc = load_text(text, "p.yaml")
    assert doc.locate_text("/a", 0) == Position(1, 4)
    assert doc.locate_text("/b", 0) == Position(2, 5)
    assert doc.locate_text("/c", doc.data["c"].index("learn")) == Position(5, 8)


def test_yaml_12_booleans_and_dates_stay_text() -> None:
    doc = load_text("jurisdiction: ON\nflag: true\nwhen: 2026-01-31\nn: 0x10\n", "p.yaml")
    assert doc.data == {"jurisdiction": "ON", "flag": True, "when": "2026-01-31", "n": 16}


def test_bom_is_accepted_and_sha256_is_of_the_bytes() -> None:
    doc = load_bytes("\ufeffa: 1\n".encode(), "p.yaml")
    assert doc.data == {"a": 1}
    assert len(doc.sha256) == 64


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "loader.duplicate_key", 3),
        ("a: !!python/object/apply:os.system ['true']\n", "loader.tag", 1),
        ("a: !custom x\n", "loader.tag", 1),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "loader.merge_key", 3),
        ("a: 1\n---\nb: 2\n", "loader.multiple_documents", 2),
        ("a: [1, 2\n", "loader.syntax_bracket", 1),  # at the bracket, not the line after
        ("a: *missing\n", "loader.unknown_alias", 1),
        ("? [a, b]\n: 1\n", "loader.complex_key", 1),
        ("a: 1\x00\n", "loader.nul", 1),
    ],
)
def test_refused_with_position(text: str, key: str, line: int) -> None:
    error = error_of(text)
    assert error.key == key
    assert error.line == line
    assert "p.yaml" in str(error)


def test_empty_file() -> None:
    assert error_of("").key == "loader.empty"
    assert error_of("# only a comment\n").key == "loader.empty"


def test_non_utf8_names_the_line() -> None:
    error = error_of(b"a: 1\nb: caf\xe9\n")
    assert (error.key, error.line) == ("loader.not_utf8", 2)


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefgh":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + prev] * 10)}]")
    error = error_of("\n".join(lines) + "\n")
    assert error.key == "loader.too_many_nodes"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_deep_nesting_is_refused_without_crashing(fmt: str) -> None:
    # Which layer refuses first (libyaml's own nesting cap or our depth limit) depends on
    # the PyYAML build; what the user relies on is a refusal, never a crash.
    error = error_of("[" * 100_000, fmt=fmt)
    assert error.key in ("loader.too_deep", "loader.syntax", "loader.json_syntax")


def test_our_depth_limit_applies_below_the_parser_cap() -> None:
    # Nesting that every parser accepts is still refused by the documented limit.
    error = error_of("[" * 80 + "]" * 80, limits=Limits(max_depth=50))
    assert error.key == "loader.too_deep"
    assert error.line == 1


def test_deep_block_mappings_are_refused() -> None:
    assert error_of("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 80))).key == "loader.too_deep"


def test_size_limit() -> None:
    error = error_of(b"a: " + b"x" * 2000 + b"\n", limits=Limits(max_bytes=1000))
    assert error.key == "loader.too_large"


def test_string_limit() -> None:
    assert error_of("a: " + "x" * 50 + "\n", limits=Limits(max_string=10)).key == "loader.string_too_long"


def test_json_uses_json_numbers_and_keeps_positions() -> None:
    doc = load_text('{\n\t"a": 1e3,\n\t"b": ["x", "y"]\n}\n', "p.json", fmt="json")
    assert doc.data == {"a": 1000.0, "b": ["x", "y"]}
    assert doc.locate("/b/1") == Position(3, 13)


def test_json_errors() -> None:
    assert error_of('{"a": 1, "a": 2}', fmt="json").key == "loader.duplicate_key"
    bad = error_of('{"a": 1,,}', fmt="json")
    assert bad.key in ("loader.json_syntax", "loader.syntax") and bad.line == 1
    assert error_of('{"a": NaN}', fmt="json").key == "loader.json_constant"
