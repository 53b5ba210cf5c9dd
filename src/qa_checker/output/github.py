"""GitHub Actions workflow annotations, plus a Markdown step summary.

GitHub shows at most 10 annotations of each level per step (50 per job), so the most
severe come first and the rest are counted; the full table goes to the step summary
when ``$GITHUB_STEP_SUMMARY`` is set. Values are escaped as the workflow-command
syntax requires (``%``, CR and LF everywhere; ``:`` and ``,`` in properties too), after
other control characters in proposal text are made visible (``output/escape.py``). In
the step summary, which GitHub renders as Markdown, every cell is literal text: a
backtick, ``![image](url)`` or ``<img>`` in a proposal value stays text.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_checker.errors import QaError
from qa_checker.findings import SEVERITY_RANK, FileResult, Finding, Severity, Status
from qa_checker.messages import msg
from qa_checker.output import Batch, CheckRun, joined
from qa_checker.output.escape import controls, markdown
from qa_checker.output.location import relative
from qa_checker.output.spool import Spool
from qa_checker.verdicts import verdict_words

PER_LEVEL = 10
COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(controls(text)).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, line: int | None, column: int | None, title: str, message: str) -> str:
    props = [f"file={escape_property(relative(file))}"]
    if line:
        props.append(f"line={line}")
        if column:
            props.append(f"col={column}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def _level(finding: Finding) -> str:
    return "notice" if finding.status is Status.NEEDS_REVIEW else COMMAND[finding.severity]


def render(run: CheckRun) -> str:
    return joined("github", run)


def _key(finding: Finding) -> tuple[Any, ...]:
    """Most severe first, then reading order."""
    return (finding.status is Status.NEEDS_REVIEW, -SEVERITY_RANK[finding.severity], finding.sort_key())


@dataclass
class _Shown:
    """The annotations a run can show: of each level, only the first ``PER_LEVEL`` in
    ``_key`` order (fewer where input errors or exclusions take places), so only that
    many are kept as files arrive, the rest counted."""

    kept: dict[str, list[tuple[tuple[Any, ...], int, str]]] = field(default_factory=dict)
    total: int = 0

    def add(self, finding: Finding) -> None:
        level = _level(finding)
        kept = self.kept.setdefault(level, [])
        entry = (_key(finding), self.total, "")
        self.total += 1
        if len(kept) >= PER_LEVEL and entry > kept[-1]:
            return
        title = f"{finding.rule_id} ({finding.framework})"
        text = controls(finding.message) + (f"\n{controls(msg('text.fix', fix=finding.fix))}" if finding.fix else "")
        bisect.insort(
            kept, (entry[0], entry[1], annotation(level, finding.file, finding.line, finding.column, title, text))
        )
        del kept[PER_LEVEL:]

    def lines(self, used: dict[str, int]) -> tuple[list[str], int]:
        """The annotations to show, in order, and how many are left out."""
        chosen = sorted(entry for level, kept in self.kept.items() for entry in kept[: max(0, PER_LEVEL - used[level])])
        return [text for _, _, text in chosen], self.total - len(chosen)


def stream(results: Iterable[FileResult], batch: Batch, write: Callable[[str], object]) -> None:
    """Input errors come first, from every file, and the findings are sorted across
    files: the lines are written once the run is over, from what was set aside (the
    errors' and exclusions' lines, the few findings that can be shown, the step
    summary's rows), never from the results themselves, which are dropped as they come."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    with ExitStack() as stack:
        errors, excluded = (stack.enter_context(Spool("\n")) for _ in range(2))
        table = _Table(stack) if summary_path else None
        shown = _Shown()
        for error in batch.errors:
            errors.add(annotation("error", error.file, error.line, error.column, error.key, controls(error.message)))
        if table is not None:
            table.add_errors(batch.errors)
        for result in results:
            for e in result.errors:
                errors.add(annotation("error", e.file, e.line, e.column, e.key, controls(e.message)))
            if result.excluded is not None:
                text = controls(_excluded_text(result))
                excluded.add(annotation("notice", result.file, None, None, "input.excluded", text))
            for finding in result.findings:
                if finding.status in (Status.FAIL, Status.NEEDS_REVIEW):
                    shown.add(finding)
            if table is not None:
                table.add(result)
        lines, hidden = shown.lines({"error": errors.count, "warning": 0, "notice": excluded.count})
        if hidden:
            lines.append(msg("github.hidden", count=hidden))
        if summary_path and table is not None:
            with Path(summary_path).open("a", encoding="utf-8") as handle:
                table.copy(handle.write)
        written = False
        for spool in (errors, excluded):
            if spool.count:
                write("\n" if written else "")
                spool.copy(write)
                written = True
        if lines:
            write(("\n" if written else "") + "\n".join(lines))
            written = True
        if written:
            write("\n")


def _excluded_text(result: FileResult) -> str:
    assert result.excluded is not None
    return msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)


def _cell(text: str) -> str:
    """A table cell: literal text, one line, no markup."""
    return markdown(text)


def summary(results: Sequence[FileResult], run_errors: Sequence[QaError]) -> str:
    """The step summary of a finished run (what ``stream`` appends, row by row)."""
    parts: list[str] = []
    with ExitStack() as stack:
        table = _Table(stack)
        table.add_errors(run_errors)
        for result in results:
            table.add(result)
        table.copy(parts.append)
    return "".join(parts)


class _Table:
    """The step summary's three parts, each set aside row by row as files arrive: the
    verdicts, the failing findings, then every input error (the run's first)."""

    def __init__(self, stack: ExitStack) -> None:
        self.verdicts, self.failing, self.errors = (stack.enter_context(Spool()) for _ in range(3))

    def add_errors(self, run_errors: Sequence[QaError]) -> None:
        for error in run_errors:
            self.errors.add(f"- {_cell(str(error))}\n")

    def add(self, result: FileResult) -> None:
        for error in result.errors:
            self.errors.add(f"- {_cell(str(error))}\n")
        if result.skipped:
            return
        if result.errors:
            self.verdicts.add(f"\n| {_cell(relative(result.file))} | – | {msg('github.could_not_check')} | – | – |")
        if result.excluded is not None:
            self.verdicts.add(f"\n| {_cell(relative(result.file))} | – | {_cell(_excluded_text(result))} | – | – |")
        for v in result.verdicts:
            file, verdict = _cell(relative(result.file)), verdict_words(v)
            self.verdicts.add(f"\n| {file} | {_cell(v.framework)} | {verdict} | {v.errors} | {v.needs_review} |")
        for f in result.findings:
            if f.status in (Status.FAIL, Status.NEEDS_REVIEW):
                self.failing.add(
                    f"\n| {_cell(relative(f.file))}:{f.line} | {_cell(f.rule_id)} | "
                    f"{'review' if f.status is Status.NEEDS_REVIEW else f.severity.value} | {_cell(f.message)} |"
                )

    def copy(self, write: Callable[[str], object]) -> None:
        write("\n".join([msg("github.summary_title"), "", msg("github.verdict_head"), "|---|---|---|---|---|"]))
        self.verdicts.copy(write)
        if self.failing.count:
            write("\n".join(["", "", msg("github.findings_head"), "|---|---|---|---|"]))
            self.failing.copy(write)
        if self.errors.count:
            write("\n".join(["", "", msg("github.errors_head"), ""]))
            self.errors.copy(write)
            write("\n")
        else:
            write("\n\n")
