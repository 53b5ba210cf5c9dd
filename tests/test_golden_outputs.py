"""Output bytes are unchanged by the performance work of issue 18.

The reference outputs in ``tests/data/golden`` were recorded before the optimisations
(compiled predicates, the lean validator, streamed SARIF/JUnit/GitHub output), by
``scripts/golden_outputs.py --write``. Every format, batch and one-file runs, English
and French, both job counts, and the reports' bytes must still match them exactly.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_outputs", ROOT / "scripts" / "golden_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLDEN = _script()


def _first_difference(expected: bytes, found: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode(errors="replace").splitlines(), found.decode(errors="replace").splitlines(), lineterm="", n=1
    )
    return "\n".join(list(lines)[:30])


@pytest.mark.parametrize("name", sorted(GOLDEN.CASES))
def test_output_bytes_unchanged(name: str) -> None:
    expected = (GOLDEN.GOLDEN / f"{name}.out").read_bytes()
    found = GOLDEN.run(GOLDEN.CASES[name])
    assert found == expected, _first_difference(expected, found)


def test_report_bytes_unchanged() -> None:
    expected = (GOLDEN.GOLDEN / "reports.sha256").read_bytes()
    assert GOLDEN.report_digests() == expected
