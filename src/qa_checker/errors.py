"""Errors that stop a file (or a rule set) from being checked.

They carry a position and a message key instead of a finished sentence, so that every
user-facing word lives in the message catalogue (see ``messages.py``) and a French
edition is a translation, not a code change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class QaError(Exception):
    """A problem with an input file: the check of that file cannot run (exit code 2)."""

    file: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.key)

    def __reduce__(self) -> tuple[Any, ...]:
        """Errors travel back from worker processes in a parallel batch."""
        return (self.__class__, (self.file, self.key, self.params, self.line, self.column))

    @property
    def message(self) -> str:
        from qa_checker.messages import msg

        return msg(self.key, **self.params)

    def where(self) -> str:
        """``file:line:col`` as editors and CI parse it, leaving out what is unknown."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class InputError(QaError):
    """The proposal file cannot be read or does not have the proposal's shape."""


class RuleSetError(QaError):
    """A rule set or framework file is broken; nothing is checked with it."""


class NotAProposal(InputError):
    """The file is valid YAML/JSON but has no proposal header.

    Named explicitly, this is an input error; met during a folder scan, it is skipped.
    """


@dataclass
class InputErrors(Exception):
    """Several input errors found in one file (for example every type error at once)."""

    errors: Sequence[QaError]

    def __post_init__(self) -> None:
        super().__init__(f"{len(self.errors)} input errors")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, (self.errors,))
