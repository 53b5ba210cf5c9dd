"""``export``: proposal files or folders → a submissions spreadsheet (the inverse of import)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click


@click.command("export")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, metavar="FILE", help="CSV file to write ('-' for standard output).")
@click.option("--force", is_flag=True, help="Replace the CSV file if it exists.")
def command(paths: tuple[str, ...], output: str, force: bool) -> None:
    """Write proposal files or folders as a CSV spreadsheet, one row per proposal (the inverse of import)."""
    raise SystemExit(run(paths, output, force))


def run(paths: Sequence[str], output: str, force: bool) -> int:
    """Export, show errors and warnings, write the CSV; return the exit code."""
    from qa_checker.console import note, say, show_errors
    from qa_checker.errors import InputError
    from qa_checker.messages import plural
    from qa_checker.output.escape import controls
    from qa_checker.spreadsheet.exporter import export_csv

    result = export_csv(paths)
    show_errors(result.errors)
    for warning in result.warnings:  # they name proposal fields: escaped like every error line
        note(controls(warning))
    if output == "-":
        say(result.text)
        return 2 if result.errors else 0
    from qa_checker.atomic import write_text

    target = Path(output)
    try:  # a name too long fails already when asking what is there
        if target.is_dir():
            show_errors([InputError(output, "loader.is_directory")])
            return 2
        if target.exists() and not force:
            show_errors([InputError(output, "csv.output_exists")])
            return 2
        write_text(target, result.text)
    except OSError as exc:
        show_errors([InputError(output, "csv.unwritable", {"path": output, "reason": exc.strerror or str(exc)})])
        return 2
    note(plural("csv.export_summary", result.rows, path=output))
    return 2 if result.errors else 0
