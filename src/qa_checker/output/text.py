"""Human text output: ``file:line:col: RULE-ID severity message``, grouped by file.

That line shape is what editors, compilers' problem matchers and CI log parsers already
understand; the indented ``fix:`` lines under it are ignored by them and read by people.
Proposal text in a line has its control characters escaped (``output/escape.py``), so
it can neither start a forged finding line nor send escape sequences to a terminal.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import click

from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, ReviewNote, Severity, Status, Verdict
from qa_checker.messages import msg
from qa_checker.output import CheckRun
from qa_checker.output.escape import controls
from qa_checker.verdicts import verdict_words

SHOWN = (Status.FAIL, Status.NEEDS_REVIEW, Status.WAIVED)
COLOURS = {
    "error": "red",
    "warning": "yellow",
    "info": "blue",
    "review": "magenta",
    "waived": "cyan",
}


def _label(finding: Finding) -> str:
    if finding.status is Status.NEEDS_REVIEW:
        return "review"
    if finding.status is Status.WAIVED:
        return "waived"
    return finding.severity.value


def _style(text: str, colour: str | None, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold) if color else text


def finding_lines(finding: Finding, color: bool) -> list[str]:
    label = _label(finding)
    where = controls(f"{finding.file}:{finding.line}:{finding.column}:")
    notes = []
    if not finding.verified:
        notes.append(msg("text.unverified"))
    if finding.draft:
        notes.append(msg("text.draft"))
    suffix = f" ({'; '.join(notes)})" if notes else ""
    head = (
        f"{_style(where, None, color, bold=True)} {_style(controls(finding.rule_id), None, color, bold=True)} "
        f"{_style(label, COLOURS[label], color)} {controls(finding.message)}{suffix}"
    )
    lines = [head]
    if finding.status is Status.WAIVED and finding.waiver:
        waiver = finding.waiver
        lines.append("    " + controls(msg("text.waived_by", reason=waiver.reason, by=waiver.approved_by)))
    elif finding.fix and finding.status is Status.FAIL:
        lines.append("    " + controls(msg("text.fix", fix=finding.fix)))
    if finding.review is not None:
        lines.append("    " + controls(review_text(finding.review)))
    return lines


def review_text(note: ReviewNote) -> str:
    """A decision in one sentence: who, when, whose signature, the comment."""
    if note.trusted_unsigned:
        signed = msg("text.review_unsigned")
    elif note.signer:
        signed = msg("text.review_signed", signer=note.signer, key=note.key or "")
    else:
        signed = ""
    comment = msg("text.review_comment", comment=note.comment) if note.comment else ""
    key = "text.review_stale" if note.state == "stale" else f"text.review_{note.decision}"
    return msg(key, by=note.reviewer, date=note.date, signed=signed, comment=comment)


def trusted_unsigned(result: FileResult) -> bool:
    """Whether any decision was applied only because unsigned decisions were trusted."""
    return any(
        f.review is not None and f.review.trusted_unsigned and f.review.state == "applied" for f in result.findings
    )


def error_line(error: QaError, color: bool) -> str:
    where = controls(error.where() + ":")
    return f"{_style(where, None, color, bold=True)} {_style('error', 'red', color)} {controls(error.message)}"


def warning_line(problem: QaError, color: bool) -> str:
    """A problem that does not stop the run but must not pass unseen (e.g. an empty rule set)."""
    where = _style(controls(problem.where() + ":"), None, color, bold=True)
    return f"{where} {_style('warning', 'yellow', color)} {controls(problem.message)}"


def excluded_line(result: FileResult, color: bool) -> str:
    """A named file the configuration excludes: said, never silently dropped."""
    assert result.excluded is not None
    text = msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)
    return f"{_style(result.file + ':', None, color, bold=True)} {_style('notice', 'blue', color)} {text}"


@dataclass(frozen=True)
class Totals:
    """What the closing line counts: files, and findings by level over all files.

    Each finding counts once, whichever rule set it belongs to, and findings about the
    file itself (unknown fields, missing evidence) count like any other."""

    checked: int = 0
    bad: int = 0
    excluded: int = 0
    errors: int = 0
    warnings: int = 0
    review: int = 0

    @classmethod
    def of(cls, result: FileResult) -> Totals:
        if result.skipped:
            return cls()
        if result.excluded is not None:
            return cls(excluded=1)
        if result.errors:
            return cls(bad=1)
        failed = [f.severity for f in result.findings if f.status is Status.FAIL]
        return cls(
            checked=1,
            errors=failed.count(Severity.ERROR),
            warnings=failed.count(Severity.WARNING),
            review=sum(1 for f in result.findings if f.status is Status.NEEDS_REVIEW),
        )

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def file_block(result: FileResult, color: bool, show_fixes: bool = True) -> str:
    """Everything printed for one file; a batch can print it as soon as the file is
    checked and forget the result (see ``batch.Digest``)."""
    if result.skipped:
        return ""
    if result.excluded is not None:
        return excluded_line(result, color) + "\n"
    if result.errors:
        return "".join(error_line(e, color) + "\n" for e in result.errors)
    out: list[str] = []
    if trusted_unsigned(result):
        out.append(_style(controls(msg("text.trusted_banner", file=result.file)), "red", color, bold=True))
    for finding in result.findings:
        if finding.status in SHOWN:
            lines = finding_lines(finding, color)
            out.extend(lines if show_fixes else lines[:1])
    for v in result.verdicts:
        verdict = verdict_words(v)
        if v.verdict is Verdict.ADVISORY:
            counts = msg("text.counts_advisory", review=v.needs_review, waived=v.waived)
        else:
            counts = msg("text.counts", errors=v.errors, warnings=v.warnings, review=v.needs_review, waived=v.waived)
        colour = {"meets": "green", "does_not_meet": "red"}.get(v.verdict.value, "yellow")
        out.append(f"{controls(result.file)}: {v.framework}: {_style(verdict, colour, color, bold=True)} ({counts})")
    return "".join(line + "\n" for line in out)


def summary(totals: Totals) -> str:
    """The closing line: files checked and not, findings by level, and named files the
    configuration excluded (only when there are some)."""
    line = msg(
        "text.summary",
        checked=totals.checked,
        bad=totals.bad,
        errors=totals.errors,
        warnings=totals.warnings,
        review=totals.review,
    )
    if totals.excluded:
        line += msg("text.summary_excluded", excluded=totals.excluded)
    return line + "\n"


def render(run: CheckRun) -> str:
    head = "".join(error_line(e, run.color) + "\n" for e in run.errors)
    body = "".join(file_block(r, run.color, run.show_fixes) for r in run.results)
    totals = sum((Totals.of(r) for r in run.results), Totals(bad=len(run.errors)))
    return head + body + summary(totals)
