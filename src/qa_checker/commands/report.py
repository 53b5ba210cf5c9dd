"""``qa-checker report``: one compliance report per proposal, written atomically into a folder.

Like ``check``, a batch never stops at a bad file: its error is printed in the
``file:line:col: error message`` shape and the exit code becomes 2, while every other
proposal is still rendered. A report is written only after it rendered completely,
through a temporary file and a rename, so an error never leaves half a file or
replaces a good report from an earlier run.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa_checker import i18n
from qa_checker.commands.common import (
    framework_option,
    jobs_option,
    rules_option,
    setup,
    signers_option,
    trust,
    trust_unsigned_option,
)
from qa_checker.errors import InputError, QaError
from qa_checker.messages import msg, plural

if TYPE_CHECKING:
    from qa_checker.pipeline import RunOptions, Target
    from qa_checker.report.context import ReportSettings
    from qa_checker.rulesets import Catalog


@click.command()
@click.argument("paths", nargs=-1, required=True)
@framework_option
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the reports (created if missing); each is named after its proposal file.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--pdf-variant",
    "variant",
    type=click.Choice(["pdf/a-3u", "pdf/ua-1", "none"]),
    default="pdf/a-3u",
    show_default=True,
    help=(
        "PDF/A-3u for archiving, PDF/UA-1 for accessible publishing (both tagged); "
        "none for a plain PDF (drafts: slightly faster, not archival)."
    ),
)
@click.option(
    "--pdf-tags/--no-pdf-tags",
    "tags",
    default=True,
    show_default=True,
    help=(
        "Tag the PDF's structure for screen readers. --no-pdf-tags saves about a tenth of the "
        "render time but the report is no longer accessible; PDF/UA-1 needs tags."
    ),
)
@click.option(
    "--full",
    is_flag=True,
    help="Show every clause and finding, passing and not applicable ones too (longer).",
)
@click.option(
    "--lang",
    "langs",
    metavar="LANG[,LANG]",
    default=None,
    help=(
        "Language of the reports: en, fr, or en,fr for both editions (complete.en.pdf and complete.fr.pdf). "
        "Default: the configuration's `lang`, then the proposal's language, then LANG."
    ),
)
@rules_option
@signers_option
@trust_unsigned_option
@jobs_option
def command(
    paths: tuple[str, ...],
    frameworks: tuple[str, ...],
    fmt: str,
    output: str,
    paper: str,
    variant: str,
    tags: bool,
    rules: tuple[str, ...],
    allowed_signers: str | None,
    trust_unsigned: bool,
    jobs: int | None,
    full: bool,
    langs: str | None,
) -> None:
    """Write a PDF or HTML compliance report for each proposal into the --output folder.

    Each report is named after its proposal file (complete.yaml -> complete.pdf) and
    written atomically. Exit code 0 when every report was written, 2 when any proposal
    could not be checked or rendered (the others are still written)."""
    editions = languages(langs)
    if not tags and variant == "pdf/ua-1":
        raise click.BadParameter(msg("report.ua_needs_tags"), param_hint="--no-pdf-tags")
    args = (paths, Path(output), fmt, frameworks, paper, variant, rules, jobs, allowed_signers, trust_unsigned, full)
    if len(editions) <= 1:
        if editions:
            i18n.set_option(editions[0])
        raise SystemExit(run(*args, tags=tags))
    worst = 0
    for lang in editions:  # one whole run per edition: rule texts are loaded per language
        i18n.set_option(lang)
        worst = max(worst, run(*args, edition=lang, tags=tags))
    raise SystemExit(worst)


def languages(value: str | None) -> tuple[str, ...]:
    """``en,fr`` → ("en", "fr"); a language we do not speak is a usage error (exit 2)."""
    if not value:
        return ()
    chosen: list[str] = []
    for part in value.split(","):
        lang = i18n.normalise(part)
        if lang is None:
            raise click.BadParameter(
                msg("cli.unknown_lang", lang=part.strip(), known=", ".join(i18n.available())), param_hint="--lang"
            )
        if lang not in chosen:
            chosen.append(lang)
    return tuple(chosen)


# A report takes a second or more, so a bar helps from a handful of files on.
REPORT_PROGRESS_FROM = 5


@dataclass(frozen=True)
class Written:
    """What a worker sends back for one proposal: its errors, or the path it wrote."""

    errors: tuple[QaError, ...] = ()
    path: str | None = None
    skipped: bool = False


def run(
    paths: Sequence[str],
    output: Path,
    fmt: str = "pdf",
    frameworks: Sequence[str] = (),
    paper: str = "a4",
    variant: str = "pdf/a-3u",
    rules: Sequence[str] = (),
    jobs: int | None = None,
    allowed_signers: str | None = None,
    trust_unsigned: bool = False,
    full: bool = False,
    edition: str = "",
    tags: bool = True,
) -> int:
    """Render every proposal; 0 when all were written, 2 when any could not be.
    ``edition`` (a language) is added to each report's name: complete.fr.pdf."""
    from qa_checker import console
    from qa_checker.parallel import WorkerDied, map_files
    from qa_checker.pipeline import expand, lost
    from qa_checker.report.context import ReportSettings

    ready = setup(paths, rules, frameworks)
    if fmt == "pdf":
        from qa_checker.report.pdf import unavailable

        reason = unavailable()
        if reason is not None:
            console.note(reason)
            return 2
        # Imports (WeasyPrint's included) and the catalogue live as long as the process:
        # moved out of the collector's reach, every render's collections scan less, and
        # forked workers do not copy them by touching their GC headers.
        gc.freeze()
    trusted = trust(paths, allowed_signers, trust_unsigned)
    settings = ReportSettings(
        fmt=fmt,
        paper=paper,
        variant=variant if fmt == "pdf" else None,
        rules=tuple(rules),
        config_file=str(ready.config.path) if ready.config.path else None,
        signers_file=trusted.signers.path,
        trust_unsigned=trust_unsigned,
        full=full,
        edition=edition,
        tags=tags,
    )
    expansion = expand(paths, ready.config)
    console.show_errors(expansion.errors)
    bad, written = len(expansion.errors), 0
    targets, clashes = _plan(expansion.targets, output, settings)
    console.show_errors(clashes)
    bad += len(clashes)
    options = ready.options(frameworks, trust=trusted)
    work = partial(report_one, output=output, options=options, settings=settings)
    # On a terminal, a batch shows a progress bar instead of one "wrote" line per report.
    quiet = console.progress_shown(len(targets), REPORT_PROGRESS_FROM)
    with console.progress(len(targets), msg("report.progress"), REPORT_PROGRESS_FROM) as step:
        for outcome in map_files(work, targets, ready.spec, jobs, step):
            item = Written(tuple(lost(outcome).errors)) if isinstance(outcome, WorkerDied) else outcome
            console.show_errors(item.errors)
            if item.path and not quiet:
                console.note(msg("report.written", path=item.path))
            bad += bool(item.errors)
            written += item.path is not None
            if console.stop_requested():  # a signal whose KeyboardInterrupt was swallowed
                raise KeyboardInterrupt
    console.note(plural("report.summary", written, folder=str(output), bad=plural("report.not_reported", bad)))
    return 2 if bad else 0


def output_path(target: Target, output: Path, fmt: str, edition: str = "") -> Path:
    return output / f"{target.path.stem}{'.' + edition if edition else ''}.{fmt}"


def _plan(targets: Sequence[Target], output: Path, settings: ReportSettings) -> tuple[list[Target], list[QaError]]:
    """Targets whose reports have distinct names; a clash is an error for the later file."""
    claimed: dict[Path, str] = {}
    planned: list[Target] = []
    clashes: list[QaError] = []
    for target in targets:
        out = output_path(target, output, settings.fmt, settings.edition)
        if out in claimed:
            params = {"output": str(out), "other": claimed[out]}
            clashes.append(InputError(str(target.path), "report.name_clash", params))
            continue
        claimed[out] = str(target.path)
        planned.append(target)
    return planned, clashes


def report_one(
    target: Target, catalog: Catalog, output: Path, options: RunOptions, settings: ReportSettings
) -> Written:
    """Check, render and write one proposal's report (in whichever process)."""
    from qa_checker.pipeline import check_file
    from qa_checker.report.render import render_limited

    checked = check_file(target, catalog, options)
    if checked.result.skipped:
        return Written(skipped=True)
    if checked.result.errors:
        return Written(tuple(checked.result.errors))
    try:
        rendered = render_limited(checked, catalog, settings, options.limits.render_seconds)
    except InputError as exc:
        return Written((exc,))
    out = output_path(target, output, settings.fmt, settings.edition)
    return _write(out, rendered.data, checked.result.file)


def _write(out: Path, data: bytes, display: str) -> Written:
    from qa_checker.atomic import write_bytes

    try:
        write_bytes(out, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Written((InputError(display, "report.write_failed", {"path": str(out), "reason": reason}),))
    return Written(path=str(out))
