"""The ``qa-checker`` command line.

Only click is imported at start-up; each command imports what it needs when it runs,
so ``qa-checker check`` never pays for Jinja2 or WeasyPrint (the pre-commit hook runs
it on every commit).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from qa_checker import __version__

FORMATS = ("text", "json")
CHECK_FORMATS = ("text", "json", "sarif", "junit", "github")


def _color(stream: Any) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def _say(text: str, err: bool = False) -> None:
    click.echo(text, nl=False, err=err, color=True)


def _fail(errors: Sequence[Any]) -> NoReturn:
    from qa_checker.output.text import error_line

    color = _color(sys.stderr)
    for error in errors:
        click.echo(error_line(error, color), err=True, color=True)
    sys.exit(2)


def load_catalog(rules: Sequence[str], settings: dict[str, dict[str, Any]] | None = None) -> Any:
    """Load every rule set, or stop with exit code 2 naming the broken file and line."""
    from qa_checker.errors import InputErrors, QaError
    from qa_checker.rulesets import load_catalog as _load

    try:
        return _load(tuple(Path(d) for d in rules), settings)
    except InputErrors as exc:
        _fail(exc.errors)
    except QaError as exc:
        _fail([exc])


def _check_frameworks(catalog: Any, frameworks: Sequence[str]) -> None:
    unknown = [f for f in frameworks if f not in catalog.rulesets]
    if unknown:
        from qa_checker.messages import msg

        known = ", ".join(sorted(catalog.rulesets))
        raise click.UsageError(msg("cli.unknown_framework", ids=", ".join(unknown), known=known))


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        _say(text)
        return
    from qa_checker.atomic import write_text

    write_text(Path(output), text)


rules_option = click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Extra folder of rule sets (repeatable).",
)
framework_option = click.option(
    "--framework",
    "-f",
    "frameworks",
    multiple=True,
    metavar="ID",
    help="Rule set to check against (repeatable). Default: the proposal's targets, else all default sets.",
)


jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for a batch. Default: one per CPU for large batches, else 1.",
)

# A progress bar only helps on a terminal, and only for runs long enough to wait for.
PROGRESS_FROM = 50


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error when it is a terminal; otherwise nothing."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield lambda: None
        return
    from qa_checker.messages import msg

    with click.progressbar(length=total, label=msg("cli.progress"), file=sys.stderr) as bar:
        yield lambda: bar.update(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa-checker")
def cli() -> None:
    """Check micro-credential proposals against Canadian quality frameworks."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@framework_option
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", help="Write the output to this file instead of standard output.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "review", "never"]),
    default=None,
    help="Lowest level that makes the exit code 1 (review: also items awaiting a reviewer). Default: error.",
)
@rules_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True), help="Configuration file.")
@click.option("--no-waivers", is_flag=True, help="Ignore waivers and show the raw picture.")
@click.option("--no-fixes", is_flag=True, help="Text output: one line per finding, without fix hints.")
@click.option(
    "--only-proposals",
    is_flag=True,
    help="Skip named files that have no proposal header (for pre-commit hooks).",
)
@jobs_option
def check(
    paths: tuple[str, ...],
    frameworks: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str | None,
    rules: tuple[str, ...],
    config_file: str | None,
    no_waivers: bool,
    no_fixes: bool,
    only_proposals: bool,
    jobs: int | None,
) -> None:
    """Check proposal files or folders (recursively)."""
    from qa_checker.parallel import check_all
    from qa_checker.pipeline import RunOptions, exit_code, expand

    config = _config(paths, config_file)
    rule_dirs = (*map(str, config.rules), *rules)
    catalog = load_catalog(rule_dirs, config.settings)
    _check_frameworks(catalog, (*frameworks, *config.frameworks))
    threshold = fail_on or config.fail_on or "error"
    expansion = expand(paths, config, only_proposals)
    options = RunOptions(
        frameworks=frameworks,
        use_waivers=not no_waivers,
        limits=config.limits,
        default_frameworks=config.frameworks,
    )
    source = (rule_dirs, config.settings)
    color = output is None and _color(sys.stdout)
    if fmt == "text":
        sys.exit(_stream_text(expansion, catalog, source, options, jobs, threshold, color, not no_fixes, output))
    with _progress(len(expansion.targets)) as step:
        results = check_all(expansion.targets, catalog, source, options, jobs, step)
    code = exit_code(results, expansion.errors, threshold)
    _write(render_results(fmt, results, expansion.errors, code, catalog, color, not no_fixes), output)
    sys.exit(code)


def _stream_text(
    expansion: Any,
    catalog: Any,
    source: Any,
    options: Any,
    jobs: int | None,
    threshold: str,
    color: bool,
    fixes: bool,
    output: str | None,
) -> int:
    """Text output is printed file by file as results arrive and the results are then
    dropped, so a catalogue-sized batch runs in flat memory. Same bytes as a
    non-streamed render; an --output file is renamed into place only when complete."""
    from functools import partial

    from qa_checker.output.text import error_line, summary
    from qa_checker.parallel import digest, iter_results

    transform = partial(digest, fail_on=threshold, color=color, show_fixes=fixes)
    checked = bad = 0
    crossed = False

    def run(write: Callable[[str], Any]) -> None:
        nonlocal checked, bad, crossed
        for error in expansion.errors:
            write(error_line(error, color) + "\n")
        with _progress(len(expansion.targets)) as step:
            for item in iter_results(expansion.targets, catalog, source, options, jobs, step, transform):
                write(item.text)
                checked += not item.skipped and not item.failed_to_check
                bad += item.failed_to_check
                crossed = crossed or item.crosses
        write(summary(checked, bad + len(expansion.errors)))

    if output is None or output == "-":
        run(lambda text: click.echo(text, nl=False, color=True))
    else:
        from qa_checker.atomic import open_text

        with open_text(Path(output)) as handle:
            run(handle.write)
    if bad or expansion.errors:
        return 2
    return 1 if crossed else 0


def _config(paths: Sequence[str], explicit: str | None) -> Any:
    """The repository configuration that applies to the first path (exit 2 if broken)."""
    from qa_checker import config
    from qa_checker.errors import QaError

    try:
        return config.load(Path(paths[0]) if paths else None, Path(explicit) if explicit else None)
    except QaError as exc:
        _fail([exc])


def render_results(
    fmt: str, results: Sequence[Any], errors: Sequence[Any], code: int, catalog: Any, color: bool, fixes: bool
) -> str:
    """The check output in any format; the format never changes the exit code."""
    if fmt == "json":
        from qa_checker.output import json as json_out

        return json_out.render(results, errors, code)
    if fmt == "sarif":
        from qa_checker.output import sarif

        return sarif.render(results, errors, code, catalog)
    if fmt == "junit":
        from qa_checker.output import junit

        return junit.render(results, errors)
    if fmt == "github":
        from qa_checker.output import github

        return github.render(results, errors)
    from qa_checker.output import text

    return text.render(results, errors, color, show_fixes=fixes)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@rules_option
def frameworks(fmt: str, rules: tuple[str, ...]) -> None:
    """List the frameworks and rule sets that can be checked."""
    from qa_checker import listing

    catalog = load_catalog(rules)
    _say(listing.frameworks_json(catalog) if fmt == "json" else listing.frameworks_text(catalog))


@cli.command("rules")
@framework_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@rules_option
def list_rules(frameworks: tuple[str, ...], fmt: str, rules: tuple[str, ...]) -> None:
    """List the rules, optionally of some rule sets only."""
    from qa_checker import listing

    catalog = load_catalog(rules)
    _check_frameworks(catalog, frameworks)
    chosen = listing.chosen_rules(catalog, frameworks)
    _say(listing.rules_json(catalog, chosen) if fmt == "json" else listing.rules_text(catalog, chosen))


@cli.command()
@click.argument("rule_id")
@rules_option
def explain(rule_id: str, rules: tuple[str, ...]) -> None:
    """Explain a rule: the clause it encodes, its source and how to satisfy it."""
    from qa_checker import listing
    from qa_checker.messages import msg

    catalog = load_catalog(rules)
    rule = catalog.rule(rule_id)
    if rule is None:
        raise click.UsageError(msg("cli.unknown_rule", id=rule_id))
    _say(listing.explain_text(catalog, rule))


@cli.command()
def schema() -> None:
    """Print the proposal JSON Schema (for editor completion and validation)."""
    import json

    from qa_checker.scaffold import proposal_schema

    _say(json.dumps(proposal_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("file", required=False, default="proposal.yaml")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(file: str, force: bool) -> None:
    """Write a commented proposal template to FILE ('-' for standard output)."""
    from qa_checker.messages import msg
    from qa_checker.scaffold import init_template

    text = init_template()
    if file == "-":
        _say(text)
        return
    path = Path(file)
    if path.exists() and not force:
        click.echo(msg("cli.init_exists", path=file), err=True)
        sys.exit(2)
    from qa_checker.atomic import write_text

    write_text(path, text)
    click.echo(msg("cli.init_written", path=file), err=True)


@cli.command("test-rules")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
def test_rules(folder: str | None) -> None:
    """Run every rule's own passing and failing examples.

    FOLDER defaults to the rule folders of the repository configuration, else the
    shipped rule sets."""
    from qa_checker import selftest
    from qa_checker.messages import msg
    from qa_checker.rulesets import rule_files

    folders = (folder,) if folder else tuple(map(str, _config((), None).rules))
    catalog = load_catalog(folders)
    only = [p for f in folders for p in rule_files(Path(f))]
    report = selftest.run(catalog, only)
    color = _color(sys.stdout)
    if report.problems:
        from qa_checker.output.text import error_line

        for problem in report.problems:
            click.echo(error_line(problem, color), color=True)
        click.echo(msg("cli.selftest_failed", bad=len(report.problems), rules=report.rules))
        sys.exit(1)
    click.echo(msg("cli.selftest_ok", rules=report.rules, examples=report.examples))


@cli.command()
@click.argument("proposal", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--decide",
    "decide",
    multiple=True,
    metavar="RULE_ID=confirmed|rejected",
    help="Record a decision without prompting (repeatable).",
)
@click.option("--comment", default=None, help="Comment stored with the decisions.")
@click.option("--reviewer", default=None, help="Who decides (name, role).")
@framework_option
@rules_option
def review(
    proposal: str,
    decide: tuple[str, ...],
    comment: str | None,
    reviewer: str | None,
    frameworks: tuple[str, ...],
    rules: tuple[str, ...],
) -> None:
    """Record reviewer decisions on the items of PROPOSAL that need review.

    Decisions go to PROPOSAL's .review.yaml file with the proposal's SHA-256, so they
    apply only to this version of it."""
    from qa_checker.commands import review as review_cli

    config = _config((proposal,), None)
    catalog = load_catalog((*map(str, config.rules), *rules), config.settings)
    _check_frameworks(catalog, frameworks)
    review_cli.run(Path(proposal), catalog, frameworks, config, decide, comment, reviewer, _fail)


@cli.command("summary")
@click.argument("paths", nargs=-1, required=True)
@framework_option
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "csv"]), default="html", show_default=True)
@click.option("--output", "-o", required=True, metavar="FILE", help="File to write ('-': standard output).")
@rules_option
@jobs_option
def summary_command(
    paths: tuple[str, ...], frameworks: tuple[str, ...], fmt: str, output: str, rules: tuple[str, ...], jobs: int | None
) -> None:
    """One row per submission with each framework's verdict and open review items, plus charts.

    Exit code 2 if any file could not be checked (it is listed; the rest is summarised), else 0."""
    from qa_checker.messages import msg
    from qa_checker.parallel import iter_results
    from qa_checker.pipeline import RunOptions, expand
    from qa_checker.summary import render, rows

    config = _config(paths, None)
    rule_dirs = (*map(str, config.rules), *rules)
    catalog = load_catalog(rule_dirs, config.settings)
    _check_frameworks(catalog, (*frameworks, *config.frameworks))
    if fmt == "pdf":
        from qa_checker.report.command import pdf_unavailable

        unavailable = pdf_unavailable()
        if unavailable is not None:
            click.echo(unavailable, err=True)
            sys.exit(2)
    expansion = expand(paths, config)
    options = RunOptions(frameworks=frameworks, limits=config.limits, default_frameworks=config.frameworks)
    source = (rule_dirs, config.settings)
    with _progress(len(expansion.targets)) as step:
        items = [
            item
            for item in iter_results(expansion.targets, catalog, source, options, jobs, step, rows.item_of)
            if item is not None
        ]
    for error in expansion.errors:
        items.append((rows.Row(error.file, "", "", {}, 0, 0, 0, problem=f"{error.where()}: {error.message}"), set()))
    result = rows.build(items, catalog)
    body = render.render(result, fmt)
    if output == "-" and isinstance(body, str):
        _say(body)
    else:
        from qa_checker.atomic import write_bytes

        write_bytes(Path(output), body if isinstance(body, bytes) else body.encode("utf-8"))
        click.echo(msg("summary.written", path=output), err=True)
    sys.exit(2 if result.bad else 0)


def _stop_cleanly_on_sigterm() -> None:
    """CI runners and batch schedulers stop jobs with SIGTERM; turning it into
    KeyboardInterrupt lets atomic writes remove their temporary file on the way out."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


def _show_error(error: Any) -> None:
    from qa_checker.output.text import error_line

    click.echo(error_line(error, _color(sys.stderr)), err=True, color=True)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False), help="Folder for the proposal files.")
@click.option("--force", is_flag=True, help="Replace proposal files that already exist.")
def import_csv(file: str, output: str, force: bool) -> None:
    """Turn a submissions spreadsheet (CSV, one proposal per row) into proposal files.

    Columns and cell syntax: docs/csv.md. Exit code 0 when every row was written, 2 when
    any row could not be (the others are still written)."""
    from qa_checker.spreadsheet.importer import run

    sys.exit(run(Path(file), Path(output), force, _show_error))


@cli.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, metavar="FILE", help="CSV file to write ('-' for standard output).")
@click.option("--force", is_flag=True, help="Replace the CSV file if it exists.")
def export_csv(paths: tuple[str, ...], output: str, force: bool) -> None:
    """Write proposal files or folders as a CSV spreadsheet, one row per proposal (the inverse of import)."""
    from qa_checker.spreadsheet.exporter import run

    sys.exit(run(paths, output, force, _show_error, _say))


def main() -> None:
    """Entry point: bad input ends with a message and exit code 2, never a traceback."""
    _stop_cleanly_on_sigterm()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        from qa_checker.messages import msg

        click.echo(msg("cli.aborted"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly, keep the trace for debugging
        if os.environ.get("QA_CHECKER_DEBUG"):
            raise
        from qa_checker.messages import msg

        click.echo(msg("cli.internal_error", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)


@cli.command()
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
    type=click.Choice(["pdf/a-3u", "pdf/ua-1"]),
    default="pdf/a-3u",
    show_default=True,
    help="PDF/A-3u for archiving, PDF/UA-1 for accessible publishing; both are tagged.",
)
@rules_option
@jobs_option
def report(
    paths: tuple[str, ...],
    frameworks: tuple[str, ...],
    fmt: str,
    output: str,
    paper: str,
    variant: str,
    rules: tuple[str, ...],
    jobs: int | None,
) -> None:
    """Write a PDF or HTML compliance report for each proposal into the --output folder.

    Each report is named after its proposal file (complete.yaml -> complete.pdf) and
    written atomically. Exit code 0 when every report was written, 2 when any proposal
    could not be checked or rendered (the others are still written)."""
    from qa_checker.report.command import ReportRequest, run
    from qa_checker.report.context import ReportSettings

    config = _config(paths, None)
    rule_dirs = (*map(str, config.rules), *rules)
    catalog = load_catalog(rule_dirs, config.settings)
    _check_frameworks(catalog, (*frameworks, *config.frameworks))
    settings = ReportSettings(
        fmt=fmt,
        paper=paper,
        variant=variant if fmt == "pdf" else None,
        rules=rules,
        config_file=str(config.path) if config.path else None,
    )
    request = ReportRequest(
        paths=paths,
        output=Path(output),
        settings=settings,
        frameworks=frameworks,
        default_frameworks=config.frameworks,
        limits=config.limits,
        config=config,
    )
    sys.exit(run(catalog, request, jobs, (rule_dirs, config.settings)))


@cli.command()
def doctor() -> None:
    """Report what the PDF reports need (libraries, fonts, packages) and whether it is there.

    Exit code 0 when PDF reports can be made, 1 when something required is missing."""
    from qa_checker.report.doctor import diagnose, render_text

    checks = diagnose()
    click.echo(render_text(checks, _color(sys.stdout)), nl=False, color=True)
    sys.exit(0 if all(c.ok or not c.required for c in checks) else 1)
