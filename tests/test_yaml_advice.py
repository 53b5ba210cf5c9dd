"""Friendlier YAML syntax errors (issue #19 item 5): the common mistakes get plain
advice, at the line that needs the change (PyYAML points one line late for an
indentation slip)."""

from __future__ import annotations

import pytest

from qa_checker.errors import InputError
from qa_checker.loader import load_text

from conftest import HEADER

CASES = {
    # name: (text after the header, expected key, line, words the advice must contain)
    "unquoted colon": (
        "description: Serving Populations: A Trauma-Informed Approach\n",
        "loader.syntax_colon",
        4,
        "quotes",
    ),
    "three-space key after two-space siblings": (
        "provider:\n  name: A\ncontact:\n   email: a\n  phone: b\n",
        "loader.syntax_indent_run",
        7,
        "line 8",
    ),
    "over-indented key": ("provider:\n  name: A\n   type: college\n", "loader.syntax_indent_more", 6, "indent"),
    "under-indented item key": (
        "assessments:\n  - id: a\n    type: test\n   weight: 10\n",
        "loader.syntax_indent",
        7,
        "column 4",
    ),
    "tab indentation": ("provider:\n\tname: A\n", "loader.syntax_tab", 5, "spaces"),
    "unclosed quote": ('description: "never closed\ncode: A1\n', "loader.syntax_quote", 4, "closing"),
    "unclosed bracket": ("targets: [cican, bc\ncode: A1\n", "loader.syntax_bracket", 4, "`]`"),
    "unclosed brace": ("provider: {name: A\ncode: A1\n", "loader.syntax_bracket", 4, "`}`"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_common_yaml_mistakes_get_advice_at_the_real_line(case: str) -> None:
    body, key, line, words = CASES[case]
    with pytest.raises(InputError) as info:
        load_text(HEADER + body, "p.yaml")
    error = info.value
    assert (error.key, error.line) == (key, line), str(error)
    assert words in error.message


def test_other_syntax_errors_keep_the_parser_words() -> None:
    with pytest.raises(InputError) as info:
        load_text(HEADER + "description: &a [*b]\n" + "x: !!python/object {}\n" + "]\n", "p.yaml")
    assert info.value.key.startswith("loader.")
