"""Built-in checks: what a JSON Schema fragment cannot say.

Each built-in is one small module with a ``NAME``, a JSON Schema for its parameters
(``PARAMS``, checked when a rule set loads) and ``compile(params)`` returning the check,
so that regexes and lookups are prepared once per process, not once per proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from qa_checker.builtins import allowed, compound, covered, evidence, references, unique, words


@dataclass(frozen=True)
class Violation:
    """One place where a check fails. ``offset`` locates a word inside a string value."""

    pointer: str
    params: dict[str, Any] = field(default_factory=dict)
    offset: int | None = None


@dataclass
class Outcome:
    violations: list[Violation] = field(default_factory=list)
    # What the check found and a reviewer should look at (e.g. the evidence documents).
    found: list[str] = field(default_factory=list)


Check = Callable[[Any], Outcome]

MODULES: dict[str, ModuleType] = {
    module.NAME: module
    for module in (covered, references, unique, words, compound, evidence, allowed)
}


def names() -> list[str]:
    return sorted(MODULES)
