"""Human text output: ``file:line:col: RULE-ID severity message``, grouped by file.

That line shape is what editors, compilers' problem matchers and CI log parsers already
understand; the indented ``fix:`` lines under it are ignored by them and read by people.
Proposal text in a line has its control characters escaped (``output/escape.py``), so
it can neither start a forged finding line nor send escape sequences to a terminal.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import click

from qa_checker import gaps, readiness
from qa_checker.errors import QaError
from qa_checker.findings import FileResult, Finding, ReviewNote, Severity, Status, Verdict
from qa_checker.messages import msg, plural
from qa_checker.output import GAP, CheckRun
from qa_checker.output.escape import controls
from qa_checker.pointer import human_path
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


def _word(label: str) -> str:
    """The level as the reader's language says it (``error`` → ``erreur``)."""
    return msg(f"text.level.{label}")


def _style(text: str, colour: str | None, color: bool, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold) if color else text


def finding_lines(finding: Finding, color: bool) -> list[str]:
    label = _label(finding)
    where = controls(f"{finding.file}:{finding.line}:{finding.column}:")
    suffix = _notes(finding)
    head = (
        f"{_style(where, None, color, bold=True)} {_style(controls(finding.rule_id), None, color, bold=True)} "
        f"{_style(_word(label), COLOURS[label], color)} {controls(finding.message)}{suffix}"
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
    return f"{_style(where, None, color, bold=True)} {_style(_word('error'), 'red', color)} {controls(error.message)}"


def warning_line(problem: QaError, color: bool) -> str:
    """A problem that does not stop the run but must not pass unseen (e.g. an empty rule set)."""
    where = _style(controls(problem.where() + ":"), None, color, bold=True)
    return f"{where} {_style(_word('warning'), 'yellow', color)} {controls(problem.message)}"


def excluded_line(result: FileResult, color: bool) -> str:
    """A named file the configuration excludes: said, never silently dropped."""
    assert result.excluded is not None
    text = msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)
    return f"{_style(result.file + ':', None, color, bold=True)} {_style('notice', 'blue', color)} {text}"


@dataclass(frozen=True)
class Totals:
    """What the closing line counts: files, and failures by level over all files.

    By default a failure is a gap (one thing to fix, however many rules ask for it) and
    a review item is one question; with ``--group rule`` each rule's finding counts."""

    checked: int = 0
    bad: int = 0
    excluded: int = 0
    errors: int = 0
    warnings: int = 0
    review: int = 0

    @classmethod
    def of(cls, result: FileResult, by: str = GAP) -> Totals:
        if result.skipped:
            return cls()
        if result.excluded is not None:
            return cls(excluded=1)
        if result.errors and not result.findings:
            return cls(bad=1)
        if by == GAP:
            levels = [g.severity for g in gaps.group(result.findings)]
            review = len(gaps.group(result.findings, Status.NEEDS_REVIEW))
        else:
            levels = [f.severity for f in result.findings if f.status is Status.FAIL]
            review = sum(1 for f in result.findings if f.status is Status.NEEDS_REVIEW)
        return cls(  # a file with type errors: not checked in full, its findings counted
            checked=0 if result.errors else 1,
            bad=1 if result.errors else 0,
            errors=levels.count(Severity.ERROR),
            warnings=levels.count(Severity.WARNING),
            review=review,
        )

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


# The rule set of findings about the file itself (engine.TOOL_FRAMEWORK; not imported,
# so text output does not load the engine).
TOOL_FRAMEWORK = "qa-checker"

# How many items a per-item line names before it says "and N more".
ITEMS_SHOWN = 8


def _rules_bracket(gap: gaps.Gap) -> str:
    """``[BC-C4.2, ECO-P1.2 error; GP-3.1 warning]``: every rule the gap blocks, by level."""
    levels: dict[str, list[str]] = {}
    for finding in gap.rules:
        levels.setdefault(_label(finding), []).append(controls(finding.rule_id))
    return "[" + "; ".join(f"{', '.join(ids)} {_word(label)}" for label, ids in levels.items()) + "]"


def _notes(finding: Finding) -> str:
    notes = []
    if not finding.verified:
        notes.append(msg("text.unverified"))
    if finding.draft:
        notes.append(msg("text.draft"))
    return f" ({'; '.join(notes)})" if notes else ""


def _items_text(gap: gaps.Gap) -> str:
    """``15 of 15 learning outcomes do not meet "…": LO1 (l. 29), … and 7 more``."""
    items = gap.items
    lead = gap.lead
    shown = [msg("text.item", item=f.item or human_path(f.pointer), line=f.line) for f in items[:ITEMS_SHOWN]]
    listed = ", ".join(shown)
    if len(items) > ITEMS_SHOWN:
        listed += msg("text.items_more", more=len(items) - ITEMS_SHOWN)
    collection = gap.key[len(gaps.ITEMS) :].split("/")[1].replace("_", " ")
    total = max(lead.item_total, len(items))
    return plural("text.items", len(items), total=total, collection=collection, title=lead.title, items=listed)


def gap_lines(gap: gaps.Gap, color: bool, show_fixes: bool) -> list[str]:
    """One entry for one gap: where, its level, what is missing, every rule it blocks."""
    lead = gap.lead
    label = _label(lead)
    where = controls(f"{lead.file}:{lead.line}:{lead.column}:")
    if gap.items and len(gap.items) > 1:
        text = _items_text(gap)
    elif gap.key.startswith(gaps.PROMPT):
        text = lead.message
        lines = sorted({f.line for f in gap.findings if f.line != lead.line})
        if lines:
            text += msg("text.also_at", lines=", ".join(str(n) for n in lines))
    else:
        text = lead.message
        if len(gap.rules) > 1 and gap.evidence_types:
            text += plural("text.evidence_common", len(gap.evidence_types), types=", ".join(gap.evidence_types))
    head = (
        f"{_style(where, None, color, bold=True)} {_style(_word(label), COLOURS[label], color)} "
        f"{controls(text)}{_notes(lead)} {_style(_rules_bracket(gap), None, color, bold=True)}"
    )
    out = [head]
    if show_fixes and lead.fix and lead.status is Status.FAIL:
        fix = msg("text.fix", fix=lead.fix)
        # Rules of one gap may each ask for a different part of it: say so, once.
        # (Not for a document: one of the shared type settles them all, as the line says.)
        alone = gap.items or gap.evidence_types
        others = len({f.fix for f in gap.rules if f.fix and f.fix != lead.fix} if not alone else ())
        if others:
            fix += plural("text.more_fixes", others)
        out.append("    " + controls(fix))
    for finding in gap.findings:
        if finding.review is not None:
            out.append("    " + controls(f"{finding.rule_id}: " + review_text(finding.review)))
    return out


def _verdict_lines(result: FileResult, color: bool, by: str) -> list[str]:
    """One line per framework: the verdict, then clause readiness (or, by rule, the
    finding counts the verdict rests on)."""
    ready = {r.framework: r for r in readiness.of_result(result)}
    # Findings about the file itself (an unknown field) bear on every framework but no
    # clause: said on each line, so "all clauses met" never sits under a printed warning.
    about_file = sum(1 for f in result.findings if f.framework == TOOL_FRAMEWORK and f.status is Status.FAIL)
    out = []
    for v in result.verdicts:
        verdict = verdict_words(v)
        if by == GAP and v.framework in ready:
            counts = readiness.words(ready[v.framework])
            if v.waived:
                counts += ", " + msg("text.readiness_waived", count=v.waived)
            if about_file and v.verdict is not Verdict.ADVISORY:
                counts += "; " + plural("text.readiness_file", about_file)
        elif by == GAP:  # not claimed, or not applicable: nothing was counted against it
            out.append(f"{controls(result.file)}: {v.framework}: {_style(verdict_words(v), None, color)}")
            continue
        elif v.verdict is Verdict.ADVISORY:
            counts = msg("text.counts_advisory", review=v.needs_review, waived=v.waived)
        else:
            counts = msg(
                "text.counts",
                errors=plural("text.errors", v.errors),
                warnings=plural("text.warnings", v.warnings),
                review=v.needs_review,
                waived=v.waived,
            )
        colour = {"meets": "green", "does_not_meet": "red"}.get(v.verdict.value, "yellow")
        out.append(f"{controls(result.file)}: {v.framework}: {_style(verdict, colour, color, bold=True)} ({counts})")
    return out


def file_block(result: FileResult, color: bool, show_fixes: bool = True, by: str = GAP) -> str:
    """Everything printed for one file; a batch can print it as soon as the file is
    checked and forget the result (see ``batch.Digest``).

    ``by`` is ``gap`` (one entry per thing to fix, the default) or ``rule`` (one line
    per rule finding, in file order)."""
    if result.skipped:
        return ""
    if result.excluded is not None:
        return excluded_line(result, color) + "\n"
    out: list[str] = [error_line(e, color) for e in result.errors]  # listed first
    if result.errors and not result.findings:
        return "".join(line + "\n" for line in out)
    if trusted_unsigned(result):
        out.append(_style(controls(msg("text.trusted_banner", file=result.file)), "red", color, bold=True))
    if by == GAP:
        for gap in gaps.group(result.findings):
            out.extend(gap_lines(gap, color, show_fixes))
        # Questions for a reviewer are read in file order, beside the text they are about.
        questions = gaps.group(result.findings, Status.NEEDS_REVIEW)
        for gap in sorted(questions, key=lambda g: (g.lead.line, g.lead.column, g.key)):
            out.extend(gap_lines(gap, color, show_fixes))
        shown: tuple[Status, ...] = (Status.WAIVED,)
    else:
        shown = SHOWN
    for finding in result.findings:
        if finding.status in shown:
            lines = finding_lines(finding, color)
            out.extend(lines if show_fixes else lines[:1])
    out.extend(_verdict_lines(result, color, by))
    return "".join(line + "\n" for line in out)


def summary(totals: Totals, by: str = GAP) -> str:
    """The closing line: files checked and not, failures by level (gaps by default,
    rule findings with ``--group rule``, and it says which), and named files the
    configuration excluded (only when there are some)."""
    line = msg(
        "text.summary",
        checked=plural("text.proposals", totals.checked),
        bad=totals.bad,
        counted=msg(f"text.counted_{by}"),
        errors=plural("text.errors", totals.errors),
        warnings=plural("text.warnings", totals.warnings),
        review=totals.review,
    )
    if totals.excluded:
        line += plural("text.summary_excluded", totals.excluded)
    return line + "\n"


def render(run: CheckRun) -> str:
    head = "".join(error_line(e, run.color) + "\n" for e in run.errors)
    body = "".join(file_block(r, run.color, run.show_fixes, run.group) for r in run.results)
    totals = sum((Totals.of(r, run.group) for r in run.results), Totals(bad=len(run.errors)))
    return head + body + summary(totals, run.group)
