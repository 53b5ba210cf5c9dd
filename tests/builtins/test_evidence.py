"""``evidence``: the right kind of document is attached."""

from __future__ import annotations

from qa_checker.builtins import MODULES

from conftest import run_builtin as run


def test_evidence_needs_the_right_type_and_signature() -> None:
    params = {"types": ["employer_letter"], "signed": True}
    unsigned = {"evidence": [{"id": "E1", "type": "employer_letter"}]}
    signed = {"evidence": [{"id": "E1", "type": "employer_letter", "signed": True}]}
    assert len(run("evidence", params, unsigned)) == 1
    outcome = MODULES["evidence"].compile(params)(signed)
    assert outcome.violations == [] and outcome.found == ["/evidence/0"]
