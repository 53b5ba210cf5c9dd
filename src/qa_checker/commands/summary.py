"""``qa-checker summary``: the state of a whole intake, one row per submission, with charts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

import click

from qa_checker.commands.common import (
    framework_option,
    jobs_option,
    rules_option,
    setup,
    signers_option,
    trust,
    trust_unsigned_option,
)
from qa_checker.messages import msg

if TYPE_CHECKING:
    from qa_checker.pipeline import RunOptions, Target
    from qa_checker.rulesets import Catalog
    from qa_checker.summary.rows import Row


@click.command()
@click.argument("paths", nargs=-1, required=True)
@framework_option
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "csv"]), default="html", show_default=True)
@click.option("--output", "-o", required=True, metavar="FILE", help="File to write ('-': standard output).")
@rules_option
@signers_option
@trust_unsigned_option
@jobs_option
def command(
    paths: tuple[str, ...],
    frameworks: tuple[str, ...],
    fmt: str,
    output: str,
    rules: tuple[str, ...],
    allowed_signers: str | None,
    trust_unsigned: bool,
    jobs: int | None,
) -> None:
    """One row per submission with each framework's verdict and open review items, plus charts.

    Exit code 2 if any file could not be checked (it is listed; the rest is summarised), else 0."""
    raise SystemExit(run(paths, output, fmt, frameworks, rules, jobs, allowed_signers, trust_unsigned))


def run(
    paths: Sequence[str],
    output: str,
    fmt: str = "html",
    frameworks: Sequence[str] = (),
    rules: Sequence[str] = (),
    jobs: int | None = None,
    allowed_signers: str | None = None,
    trust_unsigned: bool = False,
) -> int:
    from qa_checker import console
    from qa_checker.parallel import WorkerDied, map_files
    from qa_checker.pipeline import expand, lost
    from qa_checker.summary import render, rows

    ready = setup(paths, rules, frameworks)
    if fmt == "pdf":
        from qa_checker.report.pdf import unavailable

        reason = unavailable()
        if reason is not None:
            console.note(reason)
            return 2
    expansion = expand(paths, ready.config)
    work = partial(_summarise, options=ready.options(frameworks, trust=trust(paths, allowed_signers, trust_unsigned)))
    items: list[tuple[Row, set[str]]] = []
    with console.progress(len(expansion.targets), msg("cli.progress")) as step:
        for outcome in map_files(work, expansion.targets, ready.spec, jobs, step):
            item = rows.item_of(lost(outcome)) if isinstance(outcome, WorkerDied) else outcome
            if item is not None:
                items.append(item)
    items.extend((rows.row_of_error(error), set()) for error in expansion.errors)
    result = rows.build(items, ready.catalog, trust_unsigned)
    # The page lists each file that could not be checked; the terminal says so too,
    # with every error, so exit code 2 never comes with only "wrote summary.html".
    console.show_errors(error for row in result.rows for error in row.input_errors)
    # Under the render deadline; a timeout or an unwritable output is raised as an
    # InputError, which the command line prints as an error line with exit code 2.
    render.write(render.render_limited(result, fmt, ready.config.limits.render_seconds), output)
    if output != "-":
        console.note(msg("summary.written", path=output))
    return 2 if result.bad else 0


def _summarise(target: Target, catalog: Catalog, options: RunOptions) -> tuple[Row, set[str]] | None:
    """One submission's row and failed clauses: all a worker sends back."""
    from qa_checker.pipeline import check_file
    from qa_checker.summary.rows import item_of

    return item_of(check_file(target, catalog, options).result)
