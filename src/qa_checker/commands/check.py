"""``qa-checker check``: check files or folders and say what passes, fails or needs review.

Every format is written file by file as results arrive and the results are then
dropped, so a catalogue-sized batch runs in flat memory: text is printed at once, JSON
written piece by piece, and SARIF, JUnit and GitHub annotations set aside what they need
of each file (``output/spool.py``) and written at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

import click

from qa_checker.commands.common import (
    config_option,
    framework_option,
    jobs_option,
    rules_option,
    setup,
    signers_option,
    trust,
    trust_unsigned_option,
)
from qa_checker.findings import SEVERITY_RANK, FileResult, Severity, Status, reaches
from qa_checker.output import FORMATS, GAP, GROUPS
from qa_checker.output.text import Totals, file_block

if TYPE_CHECKING:
    from qa_checker.errors import QaError
    from qa_checker.pipeline import RunOptions, Target
    from qa_checker.rulesets import Catalog

FAIL_ON = ("error", "warning", "review", "never")
SEVERITIES = ("error", "warning", "info", "review")


@click.command(epilog="Use - as a path to read one proposal from standard input (name it with --stdin-filename).")
@click.argument("paths", nargs=-1, required=True)
@framework_option
@click.option("--format", "fmt", type=click.Choice(tuple(FORMATS)), default="text", show_default=True)
@click.option("--output", "-o", help="Write the output to this file instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest level that makes the exit code 1 (review: also items awaiting a reviewer). Default: error.",
)
@rules_option
@config_option
@click.option("--no-waivers", is_flag=True, help="Ignore waivers and show the raw picture.")
@click.option("--no-fixes", is_flag=True, help="Text output: one line per finding, without fix hints.")
@click.option(
    "--group",
    "group",
    type=click.Choice(GROUPS),
    default=GAP,
    show_default=True,
    help=(
        "Text output: one entry per gap (a thing to fix, with every rule and framework it blocks)"
        " or one line per rule finding."
    ),
)
@click.option(
    "--only-proposals",
    is_flag=True,
    help=(
        "For pre-commit hooks: skip named files that are not proposals (a near miss of the header is"
        " still an error), and leave out named files the configuration excludes, with a notice."
    ),
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    default=None,
    help="The name a proposal read from standard input (-) goes by in messages, for evidence paths and its format.",
)
@click.option("--quiet", "-q", is_flag=True, help="Text output: print only errors (as --severity error).")
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Text output: print only findings at or above this level. The exit code still counts every finding.",
)
@signers_option
@trust_unsigned_option
@jobs_option
def command(
    paths: tuple[str, ...],
    frameworks: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str | None,
    rules: tuple[str, ...],
    config_file: str | None,
    no_waivers: bool,
    no_fixes: bool,
    group: str,
    only_proposals: bool,
    allowed_signers: str | None,
    trust_unsigned: bool,
    jobs: int | None,
    stdin_filename: str | None,
    quiet: bool,
    severity: str | None,
) -> None:
    """Check proposal files or folders (recursively)."""
    raise SystemExit(
        run(
            paths,
            frameworks,
            fmt,
            output,
            fail_on,
            rules,
            config_file,
            not no_waivers,
            not no_fixes,
            only_proposals,
            jobs,
            allowed_signers,
            trust_unsigned,
            group,
            stdin_filename,
            "error" if quiet and severity is None else severity,
        )
    )


@dataclass(frozen=True)
class Digest:
    """What a streamed text run keeps of a file once its lines are printed: enough for
    the exit code and the closing summary, not the findings (memory stays flat)."""

    text: str
    skipped: bool
    failed_to_check: bool
    crosses: bool
    totals: Totals  # the file's part of the closing line


@dataclass
class Seen:
    """What a streamed run's exit code needs of the files written so far."""

    bad: bool = False
    crossed: bool = False

    def note(self, result: FileResult, fail_on: str) -> FileResult:
        self.bad = self.bad or bool(result.errors)
        self.crossed = self.crossed or crosses(result, fail_on)
        return result

    def code(self) -> int:
        return 2 if self.bad else (1 if self.crossed else 0)


def run(
    paths: Sequence[str],
    frameworks: Sequence[str] = (),
    fmt: str = "text",
    output: str | None = None,
    fail_on: str | None = None,
    rules: Sequence[str] = (),
    config_file: str | None = None,
    use_waivers: bool = True,
    show_fixes: bool = True,
    only_proposals: bool = False,
    jobs: int | None = None,
    allowed_signers: str | None = None,
    trust_unsigned: bool = False,
    group: str = GAP,
    stdin_filename: str | None = None,
    severity: str | None = None,
) -> int:
    """Check everything ``paths`` names; return the exit code (0, 1 or 2)."""
    import sys

    from qa_checker import console
    from qa_checker.atomic import failure
    from qa_checker.messages import msg
    from qa_checker.output import Batch, stream
    from qa_checker.output.spool import SpoolError
    from qa_checker.output.text import Totals, error_line, summary
    from qa_checker.parallel import WorkerDied, map_files
    from qa_checker.pipeline import STDIN, expand, lost

    ready = setup(paths, rules, frameworks, config_file)
    threshold = fail_on or ready.config.fail_on or "error"
    stdin = _read_stdin(ready.config.limits.max_bytes) if STDIN in paths else None
    expansion = expand(paths, ready.config, only_proposals, stdin, stdin_filename)
    options = ready.options(frameworks, use_waivers=use_waivers, trust=trust(paths, allowed_signers, trust_unsigned))
    color = (output is None or output == "-") and console.color_for(sys.stdout)
    with console.progress(len(expansion.targets), msg("cli.progress")) as step:
        if fmt != "text":  # written or set aside file by file: memory stays flat in the number of files
            seen = Seen(bad=bool(expansion.errors))
            work = partial(_check, options=options)
            outcomes = map_files(work, expansion.targets, ready.spec, jobs, step)
            checked = (seen.note(lost(o) if isinstance(o, WorkerDied) else o, threshold) for o in outcomes)
            batch = Batch(expansion.errors, len(expansion.targets), seen.code, ready.catalog, threshold)
            with console.destination(output) as write:
                try:
                    stream(fmt, checked, batch, write)
                except SpoolError as exc:  # the temporary folder is full: as if the output were
                    raise failure(output or "-", exc.error) from None
            return seen.code()
        # Text: each worker sends back only the lines to print and three flags.
        streamed = partial(
            _check_text,
            options=options,
            fail_on=threshold,
            color=color,
            show_fixes=show_fixes,
            group=group,
            severity=severity,
        )
        totals = Totals(bad=len(expansion.errors))
        crossed = False
        with console.destination(output) as write:
            for error in expansion.errors:
                write(error_line(error, color) + "\n")
            for outcome in map_files(streamed, expansion.targets, ready.spec, jobs, step):
                item = (
                    digest(lost(outcome), threshold, color, show_fixes, group, severity)
                    if isinstance(outcome, WorkerDied)
                    else outcome
                )
                write(item.text)
                totals += item.totals
                crossed = crossed or item.crosses
            write(summary(totals, group))
    if totals.bad:
        return 2
    return 1 if crossed else 0


def _read_stdin(limit: int) -> bytes:
    """Standard input, up to one byte past the size limit (the loader then refuses it)."""
    import sys

    return sys.stdin.buffer.read(limit + 1)


def _check(target: Target, catalog: Catalog, options: RunOptions) -> FileResult:
    """One file, in whichever process: only the result travels back."""
    from qa_checker.pipeline import check_file

    return check_file(target, catalog, options).result


def _check_text(
    target: Target,
    catalog: Catalog,
    options: RunOptions,
    fail_on: str,
    color: bool,
    show_fixes: bool,
    group: str = GAP,
    severity: str | None = None,
) -> Digest:
    return digest(_check(target, catalog, options), fail_on, color, show_fixes, group, severity)


def digest(
    result: FileResult, fail_on: str, color: bool, show_fixes: bool, group: str = GAP, severity: str | None = None
) -> Digest:
    """What is printed follows ``--severity``; the exit code and the closing counts
    always come from every finding, so a filter never turns a failing run green."""
    return Digest(
        text=file_block(shown(result, severity), color, show_fixes, group),
        skipped=result.skipped,
        failed_to_check=bool(result.errors),
        crosses=crosses(result, fail_on),
        totals=Totals.of(result, group),
    )


def shown(result: FileResult, severity: str | None) -> FileResult:
    """``result`` with only the findings at or above ``severity`` (``--severity``,
    ``--quiet``): error, warning, info (every failure) or review (everything)."""
    if severity is None or severity == "review":
        return result
    floor = SEVERITY_RANK[Severity(severity)]
    kept = [f for f in result.findings if f.status is Status.FAIL and SEVERITY_RANK[f.severity] >= floor]
    return replace(result, findings=kept)


def crosses(result: FileResult, fail_on: str) -> bool:
    """Whether a file's findings reach the ``--fail-on`` threshold (exit code 1)."""
    return any(reaches(finding, fail_on) for finding in result.findings)


def exit_code(results: Sequence[FileResult], run_errors: Sequence[QaError], fail_on: str) -> int:
    if run_errors or any(r.errors for r in results):
        return 2
    return 1 if any(crosses(r, fail_on) for r in results) else 0
