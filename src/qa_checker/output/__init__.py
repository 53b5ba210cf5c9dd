"""Reporters: each turns a finished run into one output format and evaluates nothing.

``FORMATS`` is the registry: a format name → the module that renders it. Every module
has the same ``render(run: CheckRun) -> str``, so adding a format is one module and one
line here. Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa_checker.errors import QaError
    from qa_checker.findings import FileResult
    from qa_checker.rulesets import Catalog

FORMATS: dict[str, str] = {
    "text": "qa_checker.output.text",
    "json": "qa_checker.output.json",
    "sarif": "qa_checker.output.sarif",
    "junit": "qa_checker.output.junit",
    "github": "qa_checker.output.github",
}


# How text output lists failures: one entry per gap (default) or per rule finding.
GAP, RULE = "gap", "rule"
GROUPS = (GAP, RULE)


@dataclass(frozen=True)
class CheckRun:
    """Everything a reporter may need; the format never changes the exit code."""

    results: Sequence[FileResult]
    errors: Sequence[QaError]  # errors about the run itself (a missing path), not one file
    code: int
    catalog: Catalog
    color: bool = False
    show_fixes: bool = True
    group: str = GAP
    fail_on: str = "error"  # the --fail-on in force: JUnit's failures follow it


def render(fmt: str, run: CheckRun) -> str:
    """The run in format ``fmt`` (one of ``FORMATS``)."""
    module = importlib.import_module(FORMATS[fmt])
    text: str = module.render(run)
    return text
