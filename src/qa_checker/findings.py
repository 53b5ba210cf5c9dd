"""Findings and verdicts: the contract every reporter reads (see docs/output.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Verdict(StrEnum):
    MEETS = "meets"
    MEETS_PENDING_REVIEW = "meets_pending_review"
    DOES_NOT_MEET = "does_not_meet"
    NOT_CLAIMED = "not_claimed"
    NOT_APPLICABLE = "not_applicable"
    # Advisory sets (good practice) never "meet" or "fail": they give suggestions.
    ADVISORY = "advisory"


# The framework's own wording decides the severity: "typically" and "where possible"
# are encoded as `should`, so they can never produce an error.
SEVERITY_OF_REQUIREMENT = {
    "must": Severity.ERROR,
    "should": Severity.WARNING,
    "may": Severity.INFO,
}

SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def reaches(finding: Finding, fail_on: str) -> bool:
    """Whether one finding reaches the ``--fail-on`` threshold (error, warning, review or
    never): the one test behind the exit code and JUnit's failures, so a green job never
    shows a failed test."""
    if fail_on == "never":
        return False
    if finding.status is Status.NEEDS_REVIEW:
        return fail_on == "review"
    if finding.status is not Status.FAIL:
        return False
    floor = Severity.ERROR if fail_on == "error" else Severity.WARNING
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[floor]


# Sort order for output: what blocks first, then what a person must look at.
STATUS_RANK = {
    Status.FAIL: 0,
    Status.NEEDS_REVIEW: 1,
    Status.WAIVED: 2,
    Status.PASS: 3,
    Status.NOT_APPLICABLE: 4,
}


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: str | None
    pointer: str


@dataclass(frozen=True)
class ReviewNote:
    """A reviewer's decision on a finding, from the proposal's review file.

    ``state`` says what became of it: ``applied`` (it decides the item), ``stale``
    (made when the rule read other values), ``superseded`` (a later decision
    applies), ``unsigned``, ``unknown_signer`` or ``bad_signature`` (not applied).
    ``signer`` and ``key`` are the principal and key fingerprint of a verified
    signature; ``trusted_unsigned`` marks a decision applied only because unsigned
    decisions were trusted on the command line.
    """

    decision: str
    reviewer: str
    date: str
    comment: str | None
    file: str
    line: int
    state: str = "applied"
    signer: str | None = None
    key: str | None = None
    trusted_unsigned: bool = False


@dataclass(slots=True)
class Finding:
    rule_id: str
    framework: str
    clause: str | None
    status: Status
    severity: Severity
    message: str
    fix: str | None
    pointer: str
    file: str
    line: int
    column: int
    kind: str = "automatic"
    title: str = ""
    verified: bool = True
    draft: bool = False
    # Shared between findings, never copied per finding; a tuple so no one can change it.
    related: tuple[str, ...] = ()
    waiver: Waiver | None = None
    review: ReviewNote | None = None
    gap: str = ""  # what one change would settle (see gaps.py); set on failures
    # for a finding inside a list: the item's ID (or position) and the list's length,
    # so a per-item gap can say "12 of 15 outcomes: LO1 (l. 24), ..."
    item: str = ""
    item_total: int = 0
    # every decision recorded on this item, oldest first (the applied one included)
    history: tuple[ReviewNote, ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        """Reading order, as linters print: by position in the file, then rule."""
        return (
            self.file,
            self.line,
            self.column,
            self.rule_id,
            self.pointer,
            STATUS_RANK[self.status],
        )


@dataclass
class FrameworkVerdict:
    framework: str
    verdict: Verdict
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    needs_review: int = 0
    waived: int = 0
    passed: int = 0
    not_applicable: int = 0
    # The framework version checked against (``2022``); a versioned framework's set ID
    # names it too (``nzqa@2022``).
    version: str = ""

    @property
    def suggestions(self) -> int:
        """Every failed rule of the set, whatever its level: what an advisory verdict counts."""
        return self.errors + self.warnings + self.infos


@dataclass(frozen=True)
class Exclusion:
    """Why a named file was not checked: the configuration file and its ``exclude`` pattern."""

    config: str
    pattern: str


@dataclass
class FileResult:
    """Everything known about one input file; ``errors`` set means it was not checked."""

    file: str
    sha256: str = ""
    title: str | None = None
    provider: str | None = None
    findings: list[Finding] = field(default_factory=list)
    verdicts: list[FrameworkVerdict] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    skipped: bool = False
    # set for a file the pre-commit hook was given but the configuration excludes:
    # reported and counted, never checked (see pipeline.expand)
    excluded: Exclusion | None = None

    def findings_by_rule(self) -> list[Finding]:
        """Findings ordered by rule set then rule ID (for per-rule outputs such as JUnit)."""
        return sorted(self.findings, key=lambda f: (f.framework, f.rule_id, f.sort_key()))
