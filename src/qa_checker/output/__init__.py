"""Reporters: each turns a run into one output format and evaluates nothing.

``FORMATS`` is the registry: a format name → the module that renders it. Every module
has the same ``render(run: CheckRun) -> str``, so adding a format is one module and one
line here. Modules are imported only when their format is asked for.

The machine formats (every one but text) also have ``stream(results, batch, write)``,
which takes the results as an iterator and keeps none of them once its part of the
output is written or set aside, so a batch of any size runs in flat memory; ``render``
is that stream, joined, so the two can never differ.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
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


@dataclass(frozen=True)
class Batch:
    """What a streamed reporter knows besides the results, which arrive one by one.

    ``code`` is asked only once every result has been taken from the iterator: the
    exit code depends on all of them."""

    errors: Sequence[QaError]  # errors about the run itself, known before any file
    count: int  # how many results are to come (a layout may depend on it)
    code: Callable[[], int]
    catalog: Catalog
    fail_on: str = "error"

    @classmethod
    def of(cls, run: CheckRun) -> Batch:
        return cls(run.errors, len(run.results), lambda: run.code, run.catalog, run.fail_on)


def stream(fmt: str, results: Iterable[FileResult], batch: Batch, write: Callable[[str], object]) -> None:
    """Write the run in machine format ``fmt`` (any of ``FORMATS`` but text) as
    ``results`` arrive, dropping each result once it is written or set aside."""
    module = importlib.import_module(FORMATS[fmt])
    module.stream(results, batch, write)


def joined(fmt: str, run: CheckRun) -> str:
    """The streamed output of a finished run, as one string (each format's ``render``)."""
    parts: list[str] = []
    stream(fmt, iter(run.results), Batch.of(run), parts.append)
    return "".join(parts)
