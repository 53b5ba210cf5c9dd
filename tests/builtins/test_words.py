"""``words``: flagged words inside prose fields, at their own position."""

from __future__ import annotations

from qa_checker.builtins import MODULES
from qa_checker.loader import load_text

from conftest import run_builtin as run


def test_words_reports_whole_words_at_their_offset() -> None:
    text = "kind: x\nlearning_outcomes:\n  - statement: Explain and understand the code\n"
    doc = load_text(text, "p.yaml")
    params = {"fields": "/learning_outcomes/*/statement", "words": ["understand", "be aware of"]}
    outcome = MODULES["words"].compile(params)(doc.data)
    (violation,) = outcome.violations
    assert violation.pointer == "/learning_outcomes/0/statement"
    assert doc.locate_text(violation.pointer, violation.offset).column == 28
    # whole words only: "misunderstanding" is not "understand"
    assert run("words", params, {"learning_outcomes": [{"statement": "Resolve misunderstandings"}]}) == []
