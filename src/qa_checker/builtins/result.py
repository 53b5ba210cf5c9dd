"""What a check returns, and the contract every built-in module meets.

Kept apart from the built-in registry (``builtins/__init__.py``) so that each built-in
can import these types at the top of its module: the registry imports the built-ins,
and the built-ins import only this, so there is no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Violation:
    """One place where a check fails. ``offset`` locates a word inside a string value."""

    pointer: str
    params: dict[str, Any] = field(default_factory=dict)
    offset: int | None = None


@dataclass
class CheckResult:
    """The violations a check found, and what a reviewer should look at."""

    violations: list[Violation] = field(default_factory=list)
    # What the check found and a reviewer should look at (e.g. the evidence documents).
    found: list[str] = field(default_factory=list)
    # What the check worked out on the way (a unit conversion, "5 ECTS = 125–150
    # hours"), shown with a passing or needs-review finding so it can be checked.
    detail: str | None = None


Check = Callable[[Any], CheckResult]


class Builtin(Protocol):
    """A built-in module: its ``NAME``, the JSON Schema of its parameters (checked when a
    rule set loads) and ``compile``, which prepares the check once per process."""

    NAME: str
    PARAMS: dict[str, Any]

    def compile(self, params: dict[str, Any]) -> Check: ...
