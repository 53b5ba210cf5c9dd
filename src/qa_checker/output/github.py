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

import os
from collections.abc import Sequence
from pathlib import Path

from qa_checker.errors import QaError
from qa_checker.findings import SEVERITY_RANK, FileResult, Finding, Severity, Status
from qa_checker.messages import msg
from qa_checker.output import CheckRun
from qa_checker.output.escape import controls, markdown
from qa_checker.output.location import relative
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
    results, run_errors = run.results, run.errors
    lines = [annotation("error", e.file, e.line, e.column, e.key, controls(e.message)) for e in run_errors]
    lines += [
        annotation("error", e.file, e.line, e.column, e.key, controls(e.message)) for r in results for e in r.errors
    ]
    errors = len(lines)
    lines += [
        annotation("notice", r.file, None, None, "input.excluded", controls(_excluded_text(r)))
        for r in results
        if r.excluded is not None
    ]
    shown = [f for r in results for f in r.findings if f.status in (Status.FAIL, Status.NEEDS_REVIEW)]
    shown.sort(key=lambda f: (f.status is Status.NEEDS_REVIEW, -SEVERITY_RANK[f.severity], f.sort_key()))
    used = {"error": errors, "warning": 0, "notice": len(lines) - errors}
    hidden = 0
    for finding in shown:
        level = _level(finding)
        if used[level] >= PER_LEVEL:
            hidden += 1
            continue
        used[level] += 1
        title = f"{finding.rule_id} ({finding.framework})"
        text = controls(finding.message) + (f"\n{controls(msg('text.fix', fix=finding.fix))}" if finding.fix else "")
        lines.append(annotation(level, finding.file, finding.line, finding.column, title, text))
    if hidden:
        lines.append(msg("github.hidden", count=hidden))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(summary(results, run_errors))
    return "\n".join(lines) + "\n" if lines else ""


def _excluded_text(result: FileResult) -> str:
    assert result.excluded is not None
    return msg("input.excluded", pattern=result.excluded.pattern, config=result.excluded.config)


def _cell(text: str) -> str:
    """A table cell: literal text, one line, no markup."""
    return markdown(text)


def summary(results: Sequence[FileResult], run_errors: Sequence[QaError]) -> str:
    out = [msg("github.summary_title"), "", msg("github.verdict_head"), "|---|---|---|---|---|"]
    for result in results:
        if result.skipped:
            continue
        if result.errors:
            out.append(f"| {_cell(relative(result.file))} | – | {msg('github.could_not_check')} | – | – |")
        if result.excluded is not None:
            out.append(f"| {_cell(relative(result.file))} | – | {_cell(_excluded_text(result))} | – | – |")
        for v in result.verdicts:
            verdict = verdict_words(v)
            out.append(
                f"| {_cell(relative(result.file))} | {_cell(v.framework)} | {verdict} | {v.errors} | {v.needs_review} |"
            )
    failing = [f for r in results for f in r.findings if f.status in (Status.FAIL, Status.NEEDS_REVIEW)]
    if failing:
        out += [
            "",
            msg("github.findings_head"),
            "|---|---|---|---|",
            *(
                f"| {_cell(relative(f.file))}:{f.line} | {_cell(f.rule_id)} | "
                f"{'review' if f.status is Status.NEEDS_REVIEW else f.severity.value} | {_cell(f.message)} |"
                for f in failing
            ),
        ]
    errors = [*run_errors, *(e for r in results for e in r.errors)]
    if errors:
        out += ["", msg("github.errors_head"), *(f"- {_cell(str(e))}" for e in errors)]
    return "\n".join(out) + "\n\n"
